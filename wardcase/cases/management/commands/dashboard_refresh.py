"""`manage.py dashboard_refresh`: take the deadline tally behind the coordinator's and
the head of service's home-page summaries afresh (a periodic command)."""

import time

from django.core.management.base import BaseCommand

from wardcase.cases.tally import deadline_tally_refresh


class Command(BaseCommand):
    help = "Count the open cases and their live deadlines for the home-page summaries."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = deadline_tally_refresh()
        seconds = time.monotonic() - started
        self.stdout.write(f"Deadline tally taken: {rows} rows in {seconds:.2f} s.")
