"""`manage.py reports_rollup_refresh [--everything]`: recount the reports' roll-up."""

from django.core.management.base import BaseCommand

from wardcase.cases.services import reports_rollup_refresh


class Command(BaseCommand):
    help = (
        "Recount the reports' roll-up for the days marked stale since the last run (or, "
        "with --everything, for every day). run_periodic runs it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--everything", action="store_true", help="Recount every day.")

    def handle(self, *args, everything=False, **options):
        days = reports_rollup_refresh(everything=everything)
        self.stdout.write(f"Recounted the reports' roll-up ({days} stale day(s)).")
