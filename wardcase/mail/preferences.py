"""A person's choice of how notifications reach them."""

from django.db import transaction

from wardcase.audit.services import audit_record
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import enqueue_send


@transaction.atomic
def notification_settings_update(*, user, email_digest):
    """Switch the daily digest on or off for oneself.

    Switching it off releases anything held, so nothing waits for a digest that no
    longer comes.
    """
    if user.email_digest == email_digest:
        return user
    user.email_digest = email_digest
    user.save(update_fields=["email_digest"])
    if not email_digest:
        held = OutboxMessage.objects.filter(recipient=user, state=OutboxMessage.State.HELD)
        released = list(held.values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=released).update(state=OutboxMessage.State.PENDING)
        for message in OutboxMessage.objects.filter(pk__in=released):
            enqueue_send(message=message)
    audit_record(actor=user, action="notifications.changed", obj=user, email_digest=email_digest)
    return user
