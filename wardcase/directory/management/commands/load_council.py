"""Create or update the council from a YAML or JSON file."""

from django.core.management.base import BaseCommand, CommandError

from wardcase.directory.council_file import CouncilFileError, read_council_file
from wardcase.directory.services import council_load


class Command(BaseCommand):
    help = (
        "Create or update the council, its wards, directorates, departments, services and "
        "users from a YAML or JSON file or an XLSX workbook. The whole file is checked "
        "first and loaded in one transaction; loading the same file again changes nothing. "
        "Optional keys left out of the file (or blank in the workbook) leave the current "
        "values alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a council file (.yaml, .yml, .json or .xlsx)")
        parser.add_argument(
            "--with-glossary",
            action="store_true",
            help="also load the default glossary of departments and services",
        )
        parser.add_argument(
            "--demo-password",
            metavar="PASSWORD",
            help="set this password on every user in the file (demo councils only); "
            "otherwise new users get no usable password until one is set for them",
        )

    def handle(self, *args, file, with_glossary, demo_password, **options):
        try:
            parsed = read_council_file(file)
            summary = council_load(
                data=parsed,
                glossary=with_glossary,
                demo_password=demo_password,
            )
        except CouncilFileError as exc:
            problems = "\n".join(f"  {file}: {problem}" for problem in exc.problems)
            count = len(exc.problems)
            raise CommandError(
                f"{file} was not loaded ({count} problem{'s' if count != 1 else ''}); "
                f"nothing was changed:\n{problems}"
            ) from exc
        for line in summary.lines():
            self.stdout.write(line)
