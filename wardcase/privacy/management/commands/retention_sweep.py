"""`manage.py retention_sweep [--at ISO-DATETIME]`: anonymise cases past the retention period."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wardcase.privacy.retention import retention_sweep


class Command(BaseCommand):
    help = "Anonymise the personal data of cases closed longer ago than the retention schedule."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            help="Run as if it were this moment (ISO 8601, e.g. 2027-01-31T02:00:00Z).",
        )

    def handle(self, *args, at=None, **options):
        moment = None
        if at:
            moment = parse_datetime(at)
            if moment is None:
                raise CommandError(f"--at must be an ISO 8601 date and time, not {at!r}")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        counts = retention_sweep(at=moment)
        if counts is None:
            self.stdout.write("Another retention sweep is running; nothing done.")
            return
        self.stdout.write(
            "Anonymised {cases} cases, {events} timeline entries, {attachments} attachments, "
            "{messages} messages and {constituents} constituents.".format(**counts)
        )
