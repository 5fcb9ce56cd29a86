"""How many open cases per second `sla_sweep` evaluates.

    .venv/bin/python bench/sla_sweep.py [OPEN_CASES ...]      (default: 100000 1000000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set) holding
OPEN_CASES open cases, each with a running response clock and a running resolve clock.
Response dates are spread over 60 days from the day before the one swept, so one case
in sixty breaches its response date and one in thirty is reminded.
It times three sweeps at the same moment:

  first   the day's reminders and breaches: timeline entries and notifications written
  again   the same moment swept again: nothing left to do (the sweep is idempotent)
  quiet   an hour later: nothing new has fallen due (the steady state of a sweep
          run every 15 minutes)

and prints open cases per second for each (open cases / wall time).
"""

import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django_tasks").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 4, 1)  # the Wednesday swept
BASE = DAY - timedelta(days=1)  # response dates run from the day before over SPREAD days
SPREAD = 60


def _date_plus(column_sql):
    """SQL for BASE + (column % SPREAD) days, in the database's own dialect."""
    if connection.vendor == "postgresql":
        return f"(DATE '{BASE.isoformat()}' + (({column_sql}) %% {SPREAD})::int)"
    return f"date('{BASE.isoformat()}', '+' || (({column_sql}) % {SPREAD}) || ' days')"


def build(total):
    """One real case through the services, then `total` copies and their clocks in SQL."""
    from tests import factories
    from wardcase.cases import services
    from wardcase.cases.models import Case
    from wardcase.charter.models import Clock

    council = factories.CouncilFactory()
    department = factories.DepartmentFactory(council=council)
    service = factories.ServiceFactory(department=department)
    councillor = factories.CouncillorFactory(ward=factories.WardFactory(council=council))
    coordinator = factories.CoordinatorFactory()
    officer = factories.OfficerFactory(department=department)
    department.head = factories.HeadOfServiceFactory(department=department)
    department.save()
    template = services.case_create(
        by=councillor,
        owner=councillor,
        subject="Street light out",
        description="Details",
        service=service,
        constituent={"name": "Resident", "postcode": "TE1 1ST"},
    )
    services.case_assign(case=template, by=coordinator, department=department, lead_officer=officer)
    Clock.objects.all().delete()

    quote = connection.ops.quote_name
    columns = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    select = [
        "'B-' || CAST(g.n AS VARCHAR(12))" if c == "reference" else f"t.{quote(c)}" for c in columns
    ]
    series = f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {total})"
    case_table = quote(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {case_table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"{series} SELECT {', '.join(select)} FROM {case_table} t, g WHERE t.id = %s",
            [template.pk],
        )
        Case.objects.filter(pk=template.pk).update(status="closed")  # only the copies count
        clock_table = quote(Clock._meta.db_table)
        started = datetime(2026, 1, 5, 10, tzinfo=LONDON)
        for kind, due, remind, escalate in (
            ("respond", _date_plus("id"), _date_plus("id + 59"), _date_plus("id + 7")),
            ("resolve", "'2026-07-06'", "'2026-07-03'", "'2026-07-13'"),
        ):
            cursor.execute(
                f"INSERT INTO {clock_table} (case_id, kind, state, started_at, amount, unit, "  # noqa: S608
                "extension_days, remind_days_before, escalate_after_days, due_on, remind_on, "
                "escalate_after) "
                f"SELECT id, '{kind}', 'running', %s, 10, 'working_days', 0, 1, 5, "
                f"{due}, {remind}, {escalate} FROM {case_table}",
                [started],
            )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return Case.objects.exclude(status="closed").count()


def sweep(label, at, open_cases):
    from wardcase.cases.services.charter_sweep import sla_sweep

    started = time.perf_counter()
    result = sla_sweep(at=at)
    took = time.perf_counter() - started
    print(
        f"  {label:<6} {took:8.2f} s  {open_cases / took:>12,.0f} open cases/s   "
        f"reminded {result.reminded:>6,}  breached {result.breached:>6,}  "
        f"escalated {result.escalated:>6,}"
    )


def main(sizes):
    setup_test_environment()
    # Notifications are queued as task rows, as in production (not sent in-process).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    original = connection.settings_dict["NAME"]
    for total in sizes:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            open_cases = build(total)
            print(
                f"{connection.vendor}, {open_cases:,} open cases, {2 * open_cases:,} running "
                f"clocks (built in {time.perf_counter() - started:.0f} s, "
                f"database {Path(name).name}):"
            )
            at = datetime.combine(DAY, datetime.min.time(), LONDON).replace(hour=10)
            sweep("first", at, open_cases)
            sweep("again", at, open_cases)
            sweep("quiet", at + timedelta(hours=1), open_cases)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
