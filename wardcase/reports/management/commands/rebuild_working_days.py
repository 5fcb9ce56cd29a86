"""Rebuild the reports' working-day calendar (after adding council closure days)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from wardcase.reports.calendar import FIRST_YEAR_KEPT, rebuild_working_days


class Command(BaseCommand):
    help = "Rebuild the working-day calendar the reports count with."

    def add_arguments(self, parser):
        parser.add_argument("--first-year", type=int, default=FIRST_YEAR_KEPT)
        parser.add_argument("--last-year", type=int, default=timezone.localdate().year + 2)

    def handle(self, *args, first_year, last_year, **options):
        days = rebuild_working_days(first_year, last_year)
        self.stdout.write(f"{days} days written ({first_year} to {last_year}).")
