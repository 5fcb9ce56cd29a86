"""Export every case, in the columns import_cases reads."""

import sys

from django.core.management.base import BaseCommand, CommandError

from wardcase.core.dbrouters import replica_reads
from wardcase.core.errors import ServiceError
from wardcase.moving.services import cases_export


class Command(BaseCommand):
    help = "Write every case to CSV or XLSX in the columns import_cases reads."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", metavar="FILE", help="default: standard output (csv only)")

    @replica_reads()  # a read replica, where there is one, carries the export's reads
    def handle(self, *args, format, output, **options):  # noqa: A002 - the option's name
        if output is None and format == "xlsx":
            raise CommandError("Give --output for an XLSX export.")
        try:
            if output is None:
                count = cases_export(by=None, fmt=format, out=sys.stdout.buffer)
            else:
                with open(output, "wb") as out:
                    count = cases_export(by=None, fmt=format, out=out)
        except (OSError, ServiceError) as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"{count} case(s) exported")
