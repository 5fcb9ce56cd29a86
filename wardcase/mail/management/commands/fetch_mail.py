"""Poll the IMAP mailbox into the mail pipeline. Run every minute by run_periodic."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wardcase.mail.inbound.imap import ImapAccount, imap_fetch
from wardcase.mail.inbound.processing import requeue_unprocessed


class Command(BaseCommand):
    help = "Store new messages from the IMAP mailbox (WARDCASE_IMAP_*) and queue processing."

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", help="Folder to read (default WARDCASE_IMAP_MAILBOX).")
        parser.add_argument(
            "--requeue-after",
            type=int,
            default=300,
            help="Queue processing again for messages stored this many seconds ago and "
            "still not processed (a worker died).",
        )

    def handle(self, *args, mailbox=None, requeue_after=300, **options):
        if not settings.WARDCASE_IMAP_HOST:
            raise CommandError("WARDCASE_IMAP_HOST is not set: there is no mailbox to read.")
        result = imap_fetch(account=ImapAccount.from_settings(mailbox))
        if result.locked_out:
            self.stdout.write("Another fetch_mail is reading this mailbox; nothing to do.")
            return
        requeued = requeue_unprocessed(older_than=requeue_after)
        self.stdout.write(
            f"{result.stored} stored, {result.already_stored} already stored, "
            f"{requeued} queued again"
        )
