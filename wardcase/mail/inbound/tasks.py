"""Background work for mail coming in: thin, load by id and call the service."""

from django_tasks import task

from wardcase.mail.inbound.processing import inbound_process


@task()
def process_inbound_message(message_id):
    """Safe to run twice: a message already processed is left alone."""
    inbound_process(message_id=message_id)
