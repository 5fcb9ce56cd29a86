"""Send the outbox: every due message, in claimed batches. Safe beside other senders."""

from django.core.management.base import BaseCommand

from wardcase.mail.services import outbox_send_all


class Command(BaseCommand):
    help = "Send pending outbox messages in batches; retries failures with a growing delay."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None)
        parser.add_argument("--max-batches", type=int, default=None)

    def handle(self, *args, batch_size=None, max_batches=None, **options):
        sent = outbox_send_all(batch_size=batch_size, max_batches=max_batches)
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"Sent {sent} message(s).")
