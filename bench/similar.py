"""Queries and time of the duplicate checks as the ward fills up with similar cases.

    .venv/bin/python bench/similar.py [CASES ...]      (default: 200 2000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set) where a ward's
other councillor has CASES recent, consented cases on the same service and postcode sector,
then prints queries and median time of the case page, the similar API and the capture panel
for the first councillor. The SQL prefilter caps scoring at 200 rows whatever CASES is.
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

REPEATS = 5


def build(total):
    from tests import factories
    from wardcase.cases import services
    from wardcase.cases.models import Case

    council = factories.CouncilFactory()
    ward = factories.WardFactory(council=council)
    service = factories.ServiceFactory(department=factories.DepartmentFactory(council=council))
    councillor = factories.CouncillorFactory(ward=ward)
    colleague = factories.CouncillorFactory(ward=ward)
    mine = services.case_create(
        by=councillor,
        owner=councillor,
        subject="Pothole on Mill Lane",
        description="A deep pothole outside number 4.",
        service=service,
        constituent={"name": "Ada Resident", "postcode": "TE1 1ST", "email": "ada@example.org"},
    )
    template = services.case_create(
        by=colleague,
        owner=colleague,
        subject="Pothole on Mill Lane",
        description="Deep pothole near number 6.",
        service=service,
        constituent={"name": "Cy Neighbour", "postcode": "TE1 1AB"},
        consent_share_ward=True,
    )
    copies = []
    for n in range(total - 1):
        template.pk, template.id = None, None
        template.reference = f"WC-2025-{n:06d}"
        copies.append(
            Case(**{f.attname: getattr(template, f.attname) for f in Case._meta.concrete_fields})
        )
    Case.objects.bulk_create(copies, batch_size=1000)
    return councillor, mine, service


def measure(councillor, case, service):
    from tests.signing_in import pass_second_factor

    client = Client()
    client.force_login(councillor)
    pass_second_factor(client, councillor)  # as the user's authenticator app would
    capture = (
        f"/cases/new/matches/?constituent_name=Ada+Resident&constituent_email=ada%40example.org"
        f"&constituent_postcode=TE1+1ST&service={service.pk}&subject=Pothole+Mill+Lane"
    )
    for path in [case.get_absolute_url(), f"/api/v1/cases/{case.reference}/similar/", capture]:
        with CaptureQueriesContext(connection) as queries:
            timings = [_timed(client, path) for _ in range(REPEATS)]
        print(
            f"  {path[:40]:<40} {len(queries) // REPEATS:>3} queries  "
            f"median {statistics.median(timings) * 1000:7.1f} ms"
        )


def _timed(client, path):
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return time.perf_counter() - started


def main(sizes):
    setup_test_environment()
    original = connection.settings_dict["NAME"]
    for total in sizes:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            councillor, case, service = build(total)
            print(f"{connection.vendor}, {total} similar cases in the ward ({Path(name).name}):")
            measure(councillor, case, service)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 2000])
