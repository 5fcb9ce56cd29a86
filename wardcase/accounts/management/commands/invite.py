"""Send users a new invitation: a single-use link to set a password and a second factor."""

from django.core.management.base import BaseCommand, CommandError

from wardcase.accounts.invitation_output import report_invitation
from wardcase.accounts.invitations import invitation_send
from wardcase.accounts.models import User
from wardcase.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Email each USERNAME a new invitation (valid for 72 hours, used once; an earlier "
        "link stops working). The link is also printed when mail goes to no real mailbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")
        parser.add_argument(
            "--print-link", action="store_true", help="print each link to standard output too"
        )

    def handle(self, *args, usernames, print_link, **options):
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        unknown = [name for name in usernames if name not in users]
        if unknown:
            raise CommandError(
                f"No user {', '.join(repr(n) for n in unknown)}; nobody was invited. "
                "Usernames are case-sensitive."
            )
        failed = []
        for username in dict.fromkeys(usernames):
            user = users[username]
            try:
                sent = invitation_send(user=user, by=None)
            except ServiceError as exc:
                failed.append(f"{username}: {exc.message}")
                continue
            report_invitation(self, user, sent, print_link=print_link)
        if failed:
            raise CommandError("Not invited:\n  " + "\n  ".join(failed))
