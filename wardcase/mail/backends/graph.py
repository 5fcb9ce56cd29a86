"""A Django email backend that sends through Microsoft Graph's sendMail, as the casework
mailbox (WARDCASE_M365_MAILBOX), with no SMTP password.

Each message goes as its whole MIME form, base64-encoded (`Content-Type: text/plain`),
so the headers Wardcase sets (Message-ID, In-Reply-To, References, Reply-To) reach the
recipient as they are and Outlook keeps one conversation per case. It sits behind the
outbox: the outbox's claims make each message go once, and a throttled or refused call
(`SendDeferred`) leaves it queued.
"""

from base64 import b64encode

from django.core.mail.backends.base import BaseEmailBackend

from wardcase.mail.m365 import GraphClient, M365Config, M365Error


class GraphEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = None

    def open(self):
        if self.client is not None:
            return False
        # No waiting here: a sender holds claims, and the outbox records the Retry-After.
        self.client = GraphClient(M365Config.from_settings(), max_wait=0)
        return True

    def close(self):
        if self.client is not None:
            self.client.close()
            self.client = None

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for email in email_messages:
                if not email.recipients():
                    continue
                if email.bcc:  # Graph reads recipients from the MIME headers; Bcc has none
                    raise ValueError("GraphEmailBackend does not send Bcc copies.")
                mime = email.message().as_bytes(linesep="\r\n")
                self.client.request(
                    "POST",
                    f"{self.client.config.mailbox_path}/sendMail",
                    data=b64encode(mime),
                    headers={"Content-Type": "text/plain"},
                )
                sent += 1
        except M365Error:
            if not self.fail_silently:
                raise
        finally:
            if opened:
                self.close()
        return sent
