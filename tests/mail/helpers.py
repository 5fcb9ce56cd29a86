"""Building test emails and running them through the pipeline as a door would."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from wardcase.mail.addresses import case_reply_address
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import InboundMessage


def make_email(
    *,
    sender="someone@example.org",
    to="casework@localhost",
    subject="Re: your case",
    body="Hello",
    headers=None,
    attachments=(),
    html=None,
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for name, content, maintype, subtype in attachments:
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def reply_email(world, *, user=None, case=None, sender=None, **kwargs):
    """A reply to the case's reply address, as `user` would send it."""
    user = user or world.councillor
    case = case or world.case
    return make_email(
        sender=sender or f"{user.name} <{user.email}>",
        to=case_reply_address(case=case, user=user),
        **kwargs,
    )


def deliver(raw, capture, *, source=InboundMessage.Source.FILE, **keys):
    """Store a message as a door does and run the processing task the commit queues."""
    with capture(execute=True):
        message, created = inbound_store(raw=raw, source=source, **keys)
    message.refresh_from_db()
    return message, created
