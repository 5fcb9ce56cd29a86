"""`manage.py sla_sweep [--at ISO-DATETIME]`: reminders, breaches and escalations now,
or as they would happen at another time."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wardcase.cases.services.charter_sweep import sla_sweep


class Command(BaseCommand):
    help = "Evaluate every open case's charter clocks: remind, mark breaches, escalate."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="Evaluate as at this date and time (ISO 8601, council time if no offset).",
        )

    def handle(self, *args, at=None, **options):
        when = None
        if at:
            when = parse_datetime(at)
            if when is None:
                raise CommandError(f"--at: '{at}' is not a date and time like 2026-12-01T09:30")
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        result = sla_sweep(at=when)
        if not result.ran:
            self.stdout.write("Another sweep is running; nothing done.")
            return
        hours = "in" if result.in_working_hours else "outside"
        self.stdout.write(
            f"{result.evaluated} live clocks evaluated ({hours} working hours): "
            f"{result.reminded} reminded, {result.breached} breached, "
            f"{result.escalated} escalated."
        )
