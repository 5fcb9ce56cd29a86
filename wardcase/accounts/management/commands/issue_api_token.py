"""Print a user's API token, making one if needed."""

from django.core.management.base import BaseCommand, CommandError

from wardcase.accounts.models import User
from wardcase.accounts.services import api_token_issue
from wardcase.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Print the API token of USERNAME, making one if they have none. The token is the "
        "only thing written to standard output, so it can be captured by a script."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="replace the user's token with a new one (the old one stops working)",
        )

    def handle(self, *args, username, rotate, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f'No user "{username}". Usernames are case-sensitive.')
        try:
            token, created = api_token_issue(user=user, rotate=rotate)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        if rotate:
            state = "a new token replaces any old one"
        else:
            state = "new token" if created else "existing token"
        self.stderr.write(f"API token for {user.username} ({user.role}): {state}")
        self.stdout.write(token.key)
