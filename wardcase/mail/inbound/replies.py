"""The new part of a reply: quoted text and signatures stripped by mail-parser-reply."""

from mailparser_reply import EmailReplyParser

LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl"]


def reply_text(text):
    """The latest reply without quotes or signature; the whole text if nothing is left."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        parsed = EmailReplyParser(languages=LANGUAGES).read(text=text)
        latest = parsed.replies[0].body if parsed.replies else ""
    except Exception:  # noqa: BLE001 - the parser's regexes must never lose a message
        return text
    return (latest or "").strip() or text
