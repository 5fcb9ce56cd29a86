"""Shared by the notification tests (tests/core/test_notice*.py, test_notifications.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from wardcase.mail.models import OutboxMessage

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def sent_to(user):
    """The newest outbox message to `user`, as (subject, body without the case link)."""
    message = OutboxMessage.objects.filter(recipient=user).latest("pk")
    return message.subject, message.body.split("\n\nOpen the case: ")[0]
