"""Load the demo council and its cases, for trying Wardcase out."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wardcase.core.errors import ServiceError
from wardcase.demo.seeding import demo_seed


class Command(BaseCommand):
    help = (
        "Load the invented Brackenford District Council with the default glossary, give "
        "every demo user the shared demo password and, if there are no cases yet, log about "
        "200 cases over the past nine months. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            help="The address the web server runs on, to print for signing in "
            "(default: WARDCASE_SITE_URL, which `make run` sets from RUN_ADDR).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = demo_seed()
        except ServiceError as exc:
            raise CommandError(
                f"The demo was not loaded; nothing was changed:\n{exc.message}"
            ) from exc
        for line in summary.load.lines():
            self.stdout.write(line)
        if summary.already_seeded:
            self.stdout.write("Cases already exist, so no demo cases were added.")
        else:
            statuses = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in summary.statuses.items())
            self.stdout.write(f"Demo cases: {summary.cases_created} created ({statuses}).")
        if not summary.load.changed and summary.already_seeded:
            self.stdout.write("The demo is already seeded: nothing changed.")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.\n")
        url = (options["url"] or settings.WARDCASE_SITE_URL).rstrip("/") + "/"
        self.stdout.write(f"Sign in at {url} with any of these (password: {summary.password}):\n")
        rows = [("Username", "Role", "Name")]
        for user in summary.users:
            place = user.ward or user.department
            rows.append(
                (
                    user.username,
                    user.get_role_display(),
                    f"{user.name} ({place})" if place else user.name,
                )
            )
        widths = [max(len(str(row[i])) for row in rows) for i in range(2)]
        for username, role, name in rows:
            self.stdout.write(f"  {username:<{widths[0]}}  {role:<{widths[1]}}  {name}")
