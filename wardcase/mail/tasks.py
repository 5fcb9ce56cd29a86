"""Background tasks for mail: thin wrappers that load by id and call a service."""

from django_tasks import task

from wardcase.mail.services import outbox_send, outbox_send_batch


@task()
def send_outbox_message(message_id):
    outbox_send(message_id=message_id)


@task()
def send_outbox_messages(message_ids):
    """Send many queued messages, in batches the sender claims as usual."""
    for start in range(0, len(message_ids), 500):
        outbox_send_batch(limit=500, ids=message_ids[start : start + 500])
