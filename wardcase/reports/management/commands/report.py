"""Write the quarterly performance report or the enquiry-types report to a file."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from wardcase.accounts.models import User
from wardcase.core.dbrouters import replica_reads
from wardcase.core.errors import ServiceError
from wardcase.reports import documents, exports
from wardcase.reports.dimensions import WholeCouncil
from wardcase.reports.forms import period_error


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date like 2026-04-01") from exc


class Command(BaseCommand):
    help = "Write the quarterly or enquiry-types report as PDF, XLSX or CSV."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(documents.DOCUMENTS))
        parser.add_argument("--from", dest="date_from", required=True, type=_date)
        parser.add_argument("--to", dest="date_to", required=True, type=_date)
        parser.add_argument("--format", dest="wanted", required=True, choices=list(exports.FORMATS))
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument(
            "--as",
            dest="username",
            help="Count only what this user's reports count (default: the whole council).",
        )

    @replica_reads()  # a read replica, where there is one, carries the report's reads
    def handle(self, *args, report, date_from, date_to, wanted, out, username, **options):
        error = period_error(date_from, date_to)
        if error:
            raise CommandError(str(error))
        user = WholeCouncil()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {username!r}")
        try:
            document = documents.DOCUMENTS[report](user=user, date_from=date_from, date_to=date_to)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        content, _content_type = exports.export(document, wanted)
        with open(out, "wb") as file:
            file.write(content)
        self.stdout.write(f"Wrote {document.title} ({document.period}) to {out}.")
