"""Background tasks for mail: thin wrappers that load by id and call a service."""

from django_tasks import task

from wardcase.mail.services import outbox_send


@task()
def send_outbox_message(message_id):
    outbox_send(message_id=message_id)
