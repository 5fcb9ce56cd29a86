"""Queue processing again for mail stored but never processed (a worker died between the two).

Any door can be interrupted after the raw message is committed and before its task is
queued; this sweep, run by run_periodic, makes sure such a message is still processed.
"""

from django.core.management.base import BaseCommand

from wardcase.mail.inbound.processing import requeue_unprocessed


class Command(BaseCommand):
    help = "Queue processing for received messages still unprocessed after --older-than seconds."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=300)

    def handle(self, *args, older_than=300, **options):
        count = requeue_unprocessed(older_than=older_than)
        self.stdout.write(f"{count} queued again")
