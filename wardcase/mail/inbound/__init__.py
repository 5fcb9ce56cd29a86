"""Mail coming in: three doors (IMAP, files, webhook), one pipeline.

Every door calls `store.inbound_store`, which writes the raw message before anything
else; a task then calls `processing.inbound_process`, which decides what the message is
(a reply on a case, a forwarded email for a draft case, an automatic reply to ignore, or
something to quarantine) and acts through the same services the web uses.
"""
