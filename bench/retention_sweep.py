"""Queries and time of one retention sweep over CASES closed cases.

    .venv/bin/python bench/retention_sweep.py [CASES ...]      (default: 1000 10000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set) with CASES
closed cases, each with its own constituent and three timeline entries, closed three
years ago; then runs the sweep once and prints its queries and time, and checks a second
run finds nothing to do.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def build(total):
    from tests import factories
    from wardcase.cases.models import Case, CaseEvent
    from wardcase.constituents.models import Constituent

    council = factories.CouncilFactory()
    service = factories.ServiceFactory(department=factories.DepartmentFactory(council=council))
    councillor = factories.CouncillorFactory(ward=factories.WardFactory(council=council))
    closed_at = timezone.now() - timedelta(days=3 * 365)
    people = Constituent.objects.bulk_create(
        [
            Constituent(
                name=f"Resident {n}",
                address=f"{n} High Street",
                postcode=f"TE{n % 9 + 1} {n % 10}AB",
                email=f"r{n}@example.org",
                created_by=councillor,
            )
            for n in range(total)
        ],
        batch_size=1000,
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=f"WC-2023-{n:06d}",
                subject=f"Problem {n}",
                description="Details that name people",
                service=service,
                constituent=person,
                owner=councillor,
                created_by=councillor,
                status="closed",
                outcome="resolved",
                closed_at=closed_at,
            )
            for n, person in enumerate(people)
        ],
        batch_size=1000,
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, kind=kind, author=councillor, body=body, created_at=closed_at)
            for case in cases
            for kind, body in (("created", ""), ("update", "Visited 4 Mill Lane"), ("closed", ""))
        ],
        batch_size=1000,
    )


def main(sizes):
    from wardcase.privacy.retention import retention_sweep

    setup_test_environment()
    original = connection.settings_dict["NAME"]
    for total in sizes:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            build(total)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                counts = retention_sweep()
                elapsed = time.perf_counter() - started
            again = retention_sweep()
            print(
                f"{connection.vendor} ({Path(name).name}), {total} closed cases: "
                f"{len(queries)} queries, {elapsed * 1000:.0f} ms; anonymised {counts}; "
                f"second run {again}"
            )
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
