"""Poll the mailbox into the mail pipeline. Run every minute by run_periodic.

WARDCASE_MAIL_INTAKE picks the mailbox: "imap" (WARDCASE_IMAP_*) or "graph" (a
Microsoft 365 mailbox through Microsoft Graph, WARDCASE_M365_*).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wardcase.mail.inbound.graph import graph_fetch
from wardcase.mail.inbound.imap import ImapAccount, imap_fetch
from wardcase.mail.inbound.processing import requeue_unprocessed
from wardcase.mail.m365 import M365Config, M365Error


class Command(BaseCommand):
    help = (
        "Store new messages from the mailbox (IMAP, or Microsoft 365 with "
        "WARDCASE_MAIL_INTAKE=graph) and queue processing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mailbox", help="IMAP folder to read (default WARDCASE_IMAP_MAILBOX)."
        )
        parser.add_argument(
            "--requeue-after",
            type=int,
            default=300,
            help="Queue processing again for messages stored this many seconds ago and "
            "still not processed (a worker died).",
        )

    def handle(self, *args, mailbox=None, requeue_after=300, **options):
        if settings.WARDCASE_MAIL_INTAKE == "graph":
            try:
                result = graph_fetch(config=M365Config.from_settings())
            except M365Error as exc:
                raise CommandError(str(exc)) from None  # one line for the operator
        else:
            if not settings.WARDCASE_IMAP_HOST:
                raise CommandError("WARDCASE_IMAP_HOST is not set: there is no mailbox to read.")
            result = imap_fetch(account=ImapAccount.from_settings(mailbox))
        if result.locked_out:
            self.stdout.write("Another fetch_mail is reading this mailbox; nothing to do.")
            return
        requeued = requeue_unprocessed(older_than=requeue_after)
        line = f"{result.stored} stored, {result.already_stored} already stored"
        if settings.WARDCASE_MAIL_INTAKE == "graph":
            line += f", {result.moved} moved, {result.failed} left for the next run"
            if result.throttled_for:
                line += f", throttled: Graph asked to wait {result.throttled_for} s"
        self.stdout.write(f"{line}, {requeued} queued again")
