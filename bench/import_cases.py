"""How fast `import_cases` brings cases across.

    .venv/bin/python bench/import_cases.py [ROWS ...]   (default: 100000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set; see
scripts/pg-test.sh) with a council of 6 departments, 12 services, 8 councillors and 6
officers, writes a CSV of ROWS cases (two in three closed with their dates, one in three
open; 30,000 different constituents, so most rows match a person already seen), then
times the import as the command runs it (checking every row, then batches of 1,000) and
prints the seconds and rows per second, then times a re-run (which imports nothing).
"""

import csv
import io
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django_tasks").setLevel(logging.WARNING)

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from wardcase.moving.columns import COLUMNS, ColumnMap  # noqa: E402
from wardcase.moving.reading import table_read  # noqa: E402
from wardcase.moving.services import cases_import  # noqa: E402

DEPARTMENTS, SERVICES_EACH, COUNCILLORS = 6, 2, 8


def _world():
    from tests import factories

    council = factories.CouncilFactory()
    departments = [
        factories.DepartmentFactory(council=council, name=f"Department {i}")
        for i in range(DEPARTMENTS)
    ]
    services = [
        factories.ServiceFactory(department=d, name=f"Service {d.pk}-{j}")
        for d in departments
        for j in range(SERVICES_EACH)
    ]
    ward = factories.WardFactory(council=council)
    councillors = [
        factories.CouncillorFactory(username=f"cllr.{i}", ward=ward) for i in range(COUNCILLORS)
    ]
    officers = [
        factories.OfficerFactory(username=f"officer.{d.pk}", department=d) for d in departments
    ]
    return services, councillors, officers


def _csv(rows, services, councillors, officers):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    first = date(2021, 1, 4)
    for i in range(rows):
        service = services[i % len(services)]
        officer = officers[(i % len(services)) // SERVICES_EACH]
        logged = first + timedelta(days=(i * 7) % 1400)
        closed = i % 3 != 0
        person = i % 30_000
        writer.writerow(
            [
                f"OLD-{i:07d}",
                logged.strftime("%d/%m/%Y"),
                councillors[i % COUNCILLORS].username,
                f"Person {person}",
                f"{person} Long Road",
                "",
                f"person{person}@example.org",
                "",
                f"Problem number {i}",
                f"The description of problem {i}.",
                service.name,
                service.department.name,
                officer.username,
                "closed" if closed else "open",
                (logged + timedelta(days=2)).isoformat(),
                (logged + timedelta(days=9 + i % 7)).isoformat() if closed or i % 2 else "",
                (logged + timedelta(days=30)).isoformat() if closed else "",
                "resolved" if closed else "",
                "Old note." if i % 5 == 0 else "",
            ]
        )
    return out.getvalue().encode()


def _run(data, **kwargs):
    started = time.perf_counter()
    result = cases_import(
        table=table_read(source=io.BytesIO(data), name="bench.csv"),
        column_map=ColumnMap(),
        by=None,
        name="bench.csv",
        **kwargs,
    )
    return result, time.perf_counter() - started


def main(sizes):
    setup_test_environment()
    original = connection.settings_dict["NAME"]
    for rows in sizes:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            data = _csv(rows, *_world())
            result, seconds = _run(data)
            assert result.imported == rows, result.summary()
            print(
                f"{connection.vendor}, {rows:,} rows: imported in {seconds:.1f} s "
                f"({rows / seconds:,.0f} rows/s)"
            )
            result, seconds = _run(data)
            print(f"  re-run: {result.already_imported:,} passed over in {seconds:.1f} s")
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [100_000])
