"""`manage.py charter_rebuild [REFERENCE ...]`: work every open case's clocks out again."""

from django.core.management.base import BaseCommand, CommandError

from wardcase.cases.models import Case
from wardcase.cases.services.charter_rebuild import rebuild_clocks, rebuild_open_cases


class Command(BaseCommand):
    help = (
        "Replay open cases' timelines (or the cases named) to rebuild their charter clocks: "
        "after changing the charter terms, or for cases logged before the charter engine."
    )

    def add_arguments(self, parser):
        parser.add_argument("references", nargs="*", help="Only these cases.")

    def handle(self, *args, references=(), **options):
        if not references:
            count = rebuild_open_cases()
            self.stdout.write(f"Rebuilt the clocks of {count} case(s).")
            return
        cases = Case.objects.filter(reference__in=references)
        missing = set(references) - set(cases.values_list("reference", flat=True))
        if missing:
            raise CommandError(f"No case with reference {', '.join(sorted(missing))}")
        ids = list(cases.values_list("pk", flat=True))
        rebuild_clocks(case_ids=ids)
        self.stdout.write(f"Rebuilt the clocks of {len(ids)} case(s).")
