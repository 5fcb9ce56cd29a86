"""The council's first administrator: the administrator role (not a superuser), invited."""

from django.core.management.base import BaseCommand, CommandError

from wardcase.accounts.invitation_output import report_invitation
from wardcase.accounts.models import Role
from wardcase.directory.services.people import UserDetailsError, user_invite


class Command(BaseCommand):
    help = (
        "Create a user with the administrator role (who runs users and council settings in "
        "Wardcase, not a Django superuser) and send them an invitation to set a password and "
        "an authenticator app. The link is printed when mail goes to no real mailbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", help="their full name (default: the username)")
        parser.add_argument(
            "--print-link", action="store_true", help="print the link to standard output too"
        )

    def handle(self, *args, username, email, name, print_link, **options):
        try:
            user, sent = user_invite(
                by=None,
                username=username,
                name=name or username,
                email=email,
                role=Role.ADMINISTRATOR,
            )
        except UserDetailsError as exc:
            problems = "\n  ".join(exc.problems.values())
            raise CommandError(f"No administrator was created:\n  {problems}") from exc
        self.stderr.write(f"Created administrator {user.username} ({user.name}).")
        report_invitation(self, user, sent, print_link=print_link)
