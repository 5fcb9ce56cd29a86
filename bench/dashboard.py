"""Queries and time of the case lists as their councillor and a coordinator see them.

    .venv/bin/python bench/dashboard.py [CASES ...]      (default: 200 2000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set), gives one
councillor CASES cases through the real services plus bulk copies, and prints the number
of queries and the median time of each page over several requests.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django.request").setLevel(logging.CRITICAL)
logging.getLogger("django_tasks").setLevel(logging.WARNING)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PAGES = ["/", "/?page=2", "/api/v1/cases/", "/api/v1/cases/?page=2"]
REPEATS = 7


def build(total):
    from tests import factories
    from wardcase.cases import services
    from wardcase.cases.models import Case, CaseEvent

    council = factories.CouncilFactory()
    ward = factories.WardFactory(council=council)
    department = factories.DepartmentFactory(council=council)
    service = factories.ServiceFactory(department=department)
    councillor = factories.CouncillorFactory(ward=ward)
    coordinator = factories.CoordinatorFactory()
    officer = factories.OfficerFactory(department=department)
    seed = []
    for n in range(min(total, 20)):
        case = services.case_create(
            by=councillor,
            owner=councillor,
            subject=f"Problem {n}",
            description="Details",
            service=service,
            constituent={"name": f"Resident {n}", "postcode": "TE1 1ST"},
        )
        services.case_assign(case=case, by=coordinator, department=department, lead_officer=officer)
        services.case_add_event(case=case, by=officer, kind="update", body=f"Update {n}")
        seed.append(case)
    template = Case.objects.get(pk=seed[0].pk)
    copies = []
    for n in range(total - len(seed)):
        template.pk, template.id = None, None
        template.reference = f"WC-2025-{n:06d}"
        copies.append(
            Case(**{f.attname: getattr(template, f.attname) for f in Case._meta.concrete_fields})
        )
    Case.objects.bulk_create(copies, batch_size=1000)
    events = [
        CaseEvent(
            case=c, kind="update", author=officer, body="Bulk update", created_at=c.created_at
        )
        for c in Case.objects.filter(reference__startswith="WC-2025-")
    ]
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    return councillor, coordinator


def measure(user, label):
    from tests.signing_in import pass_second_factor

    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)  # as the user's authenticator app would
    for path in PAGES:
        timings = []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - started)
            # A redirect to sign-in or a refusal would time the wrong page.
            assert response.status_code == 200, (label, path, response.status_code)
        print(
            f"  {label:<11} {path:<22} HTTP {response.status_code}  "
            f"{len(queries):>3} queries  median {statistics.median(timings) * 1000:7.1f} ms"
        )


def main(sizes):
    setup_test_environment()
    original = connection.settings_dict["NAME"]
    for total in sizes:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            councillor, coordinator = build(total)
            print(f"{connection.vendor}, {total} cases (database {Path(name).name}):")
            measure(councillor, "councillor")
            measure(coordinator, "coordinator")
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 2000])
