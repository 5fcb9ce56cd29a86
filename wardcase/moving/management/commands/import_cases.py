"""Import cases from another system's CSV or XLSX export."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wardcase.accounts.models import User
from wardcase.core.errors import ServiceError
from wardcase.moving.columns import column_map_read
from wardcase.moving.reading import table_read
from wardcase.moving.services import cases_import


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place."""

    WIDTH = 30

    def __init__(self, stream, *, shown=True):
        self.stream = stream
        self.on = shown
        self.shown = None

    def __call__(self, stage, done, total):
        if not self.on:
            return
        if total:
            filled = self.WIDTH * done // total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"{stage}: [{bar}] {done:,}/{total:,} ({100 * done // total}%)"
        else:
            text = f"{stage}: {done:,} rows"
        if text != self.shown:
            self.stream.write("\r" + text)
            if total and done >= total:
                self.stream.write("\n")
            self.stream.flush()
            self.shown = text


class Command(BaseCommand):
    help = (
        "Import cases from a CSV or XLSX file (columns: see README). Every row is checked "
        "first; a file with problems imports nothing unless --skip-invalid. Rows imported "
        "before (by their reference) are passed over."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--mapping", help="a YAML or JSON file renaming or fixing columns")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows of a file with problems",
        )
        parser.add_argument(
            "--council-owner",
            metavar="USER",
            help="the councillor who owns rows with no councillor",
        )
        parser.add_argument("--report", metavar="CSV", help="write the rejected rows to this CSV")

    def handle(self, *args, file, mapping, dry_run, skip_invalid, council_owner, report, **options):
        owner = None
        if council_owner:
            owner = User.objects.filter(username__iexact=council_owner).first()
            if owner is None:
                raise CommandError(f"No user called {council_owner}.")
        path = Path(file)
        try:
            with path.open("rb") as source:
                result = cases_import(
                    table=table_read(source=source, name=path.name),
                    column_map=column_map_read(path=mapping),
                    by=None,
                    name=path.name,
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    council_owner=owner,
                    progress=ProgressBar(sys.stderr, shown=options["verbosity"] > 0),
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        if report:
            with open(report, "w", newline="", encoding="utf-8") as out:
                result.write_report(out)
        for problem in result.problems[:50]:
            self.stderr.write(f"  line {problem.line}, {problem.column}: {problem.message}")
        if len(result.problems) > 50:
            self.stderr.write(f"  ... and {len(result.problems) - 50} more (see --report)")
        self.stdout.write(result.summary())
        if result.problems and not skip_invalid:
            raise CommandError(
                f"{result.rejected} row(s) have problems: nothing was imported. Fix them, or "
                "give --skip-invalid to import the valid rows."
            )
