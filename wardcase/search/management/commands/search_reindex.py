"""Rebuild the search index of every case (or some), set-based."""

import time

from django.core.management.base import BaseCommand

from wardcase.search.indexing import index_cases


class Command(BaseCommand):
    help = "Rebuild the full-text search index of cases (all of them, or --case-id ones)."

    def add_arguments(self, parser):
        parser.add_argument("--case-id", type=int, action="append", dest="case_ids")

    def handle(self, *args, case_ids=None, **options):
        started = time.perf_counter()
        index_cases(case_ids=case_ids)
        took = time.perf_counter() - started
        self.stdout.write(f"Search index rebuilt in {took:.1f} s.")
