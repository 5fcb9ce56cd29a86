"""Queueing and sending notifications through the outbox."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from wardcase.mail.models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def notify_user(*, user, subject, body, case=None):
    """Queue an email to a user; it is sent after the surrounding transaction commits."""
    if not user or not user.email:
        return None
    prefix = f"[{case.reference}] " if case is not None else ""
    message = OutboxMessage.objects.create(
        to=user.email, recipient=user, subject=f"{prefix}{subject}", body=body, case=case
    )
    from wardcase.mail.tasks import send_outbox_message

    transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))
    return message


def outbox_send(*, message_id):
    """Send one outbox message if it is still pending. Safe to call twice."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, state=OutboxMessage.State.PENDING)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
            ).send()
        except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
            logger.warning("Sending outbox message %s failed: %s", message.pk, exc)
            message.last_error = str(exc)[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.state = OutboxMessage.State.FAILED
            message.save(update_fields=["attempts", "last_error", "state"])
            return False
        message.state = OutboxMessage.State.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "state", "sent_at"])
        return True
