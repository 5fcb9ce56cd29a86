"""How long the quarterly performance report takes to compute.

    .venv/bin/python bench/reports.py [CASES ...] [--years N]   (default: 100000 1000000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set) holding
CASES cases logged over the first quarter of 2026 (with --years N, spread over the N years
that end with it, so the quarter holds about one case in 4N) across 6 departments, 12
services and 8 wards, each with an acknowledge and a response clock. Nine clocks in ten
are met, from 0 to 12 days after they started (some late), with the working days each
took recorded as `clocks.meet` records them; one case in twenty was paused for two days.
Then it times, for the whole council:

  response   response times by department (counts, medians, shares on time, overdue)
  volumes    cases by ward
  quarterly  the whole quarterly report (two response-time tables, two volume tables
             and the hot spots), as the page and every download compute it

and prints the seconds each took (the better of two runs, after a first warm-up run; from
1,000,000 cases up, the better of two runs without a warm-up).
"""

import os
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django_tasks").setLevel(logging.WARNING)

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

LONDON = ZoneInfo("Europe/London")
QUARTER = {"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}
DEPARTMENTS, SERVICES_EACH, WARDS = 6, 2, 8


def _plus_days(column, days_sql):
    """SQL for a timestamp `days_sql` (an integer expression) days after `column`."""
    if connection.vendor == "postgresql":
        return f"({column} + ({days_sql}) * INTERVAL '1 day')"
    return f"datetime({column}, ({days_sql}) || ' days')"


def _date_of(timestamp_sql):
    if connection.vendor == "postgresql":
        return f"(({timestamp_sql}) AT TIME ZONE 'Europe/London')::date"
    return f"date({timestamp_sql})"


def _world():
    from tests import factories

    council = factories.CouncilFactory()
    departments = [factories.DepartmentFactory(council=council) for _ in range(DEPARTMENTS)]
    services = [
        factories.ServiceFactory(department=d) for d in departments for _ in range(SERVICES_EACH)
    ]
    wards = [factories.WardFactory(council=council) for _ in range(WARDS)]
    councillor = factories.CouncillorFactory(ward=wards[0])
    officer = factories.OfficerFactory(department=departments[0])
    return services, wards, councillor, officer


def build(total, years=0):
    """One real case through the services, then `total` varied copies and clocks in SQL."""
    from wardcase.cases import services as case_services
    from wardcase.cases.models import Case
    from wardcase.charter.models import Clock, Pause

    services, wards, councillor, officer = _world()
    template = case_services.case_create(
        by=councillor,
        owner=councillor,
        subject="Street light out",
        description="Details",
        service=services[0],
        constituent={"name": "Resident", "postcode": "TE1 1ST"},
        location="Mill Lane",
    )
    quote = connection.ops.quote_name
    overrides = {
        "reference": "'B-' || CAST(g.n AS VARCHAR(12))",
        # All in the quarter, or spread back over `years` years that end with it.
        "created_at": _plus_days(
            "t.created_at", f"89 - g.n %% {years * 365}" if years else "g.n %% 89"
        ),
        "service_id": f"{services[0].pk} + g.n %% {len(services)}",
        "department_id": (
            f"{services[0].department_id} + (g.n %% {len(services)}) / {SERVICES_EACH}"
        ),
        "ward_id": f"{wards[0].pk} + g.n %% {WARDS}",
        "status": "CASE WHEN g.n %% 3 = 0 THEN 'closed' ELSE 'acknowledged' END",
        "location": "CASE WHEN g.n %% 50 = 0 THEN 'Mill Lane' ELSE '' END",
    }
    columns = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    select = [overrides.get(c, f"t.{quote(c)}") for c in columns]
    series = f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {total})"
    cases, clocks, pauses = (quote(m._meta.db_table) for m in (Case, Clock, Pause))
    with connection.cursor() as cursor:
        # Move the template out of the quarter first so it is not copied with its date.
        Case.objects.filter(pk=template.pk).update(
            created_at=datetime(2026, 1, 1, 10, tzinfo=LONDON)
        )
        cursor.execute(
            f"INSERT INTO {cases} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"{series} SELECT {', '.join(select)} FROM {cases} t, g WHERE t.id = %s",
            [template.pk],
        )
        Case.objects.filter(pk=template.pk).update(created_at=datetime(2025, 1, 1, tzinfo=LONDON))
        for kind, days in (("acknowledge", 5), ("respond", 14)):
            met = _plus_days("created_at", f"id %% {days - 1} + (id %% 5) * 0.1")
            cursor.execute(
                f"INSERT INTO {clocks} (case_id, kind, state, started_at, amount, unit, "  # noqa: S608
                "extension_days, remind_days_before, escalate_after_days, due_on, remind_on, "
                "escalate_after, met_at, working_days) "
                f"SELECT id, '{kind}', CASE WHEN id %% 10 = 0 THEN 'breached' ELSE 'met' END, "
                f"created_at, 10, 'working_days', 0, 1, 5, "
                f"{_date_of(_plus_days('created_at', days - 2))}, "
                f"{_date_of('created_at')}, {_date_of(_plus_days('created_at', days + 5))}, "
                f"CASE WHEN id %% 10 = 0 THEN NULL ELSE {met} END, "
                f"CASE WHEN id %% 10 = 0 THEN NULL ELSE id %% {days - 1} END "
                f"FROM {cases} WHERE id <> %s",
                [template.pk],
            )
        cursor.execute(
            f"INSERT INTO {pauses} (case_id, started_at, started_by_id, reason, "  # noqa: S608
            f"previous_status, ended_at) SELECT id, {_plus_days('created_at', 1)}, %s, "
            f"'Photos', 'acknowledged', {_plus_days('created_at', 3)} "
            f"FROM {cases} WHERE id %% 20 = 0",
            [officer.pk],
        )
    # Written in SQL, past the services: the reports' roll-up is recounted as
    # `run_periodic` would after them (every day, here), then the tables analysed.
    from wardcase.cases.services import reports_rollup_refresh, rollup_mark_stale

    rollup_mark_stale()
    reports_rollup_refresh()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    from wardcase.reports.dimensions import period_q

    return Case.objects.filter(period_q(QUARTER["date_from"], QUARTER["date_to"])).count()


def timed(label, run, *, warm_up):
    if warm_up:
        run()  # fills the database's caches
    best = min(_once(run) for _ in range(2))
    print(f"  {label:<10} {best:8.2f} s")
    return best


def _once(run):
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(sizes, years=0):
    from wardcase.reports import documents, queries
    from wardcase.reports.dimensions import WholeCouncil

    setup_test_environment()
    council = WholeCouncil()
    original = connection.settings_dict["NAME"]
    for total in sizes:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            built = build(total, years)
            print(
                f"{connection.vendor}, {built:,} cases in the quarter "
                f"(built in {time.perf_counter() - started:.0f} s):"
            )
            warm_up = total < 1_000_000
            timed(
                "response",
                lambda: queries.response_times(user=council, group="department", **QUARTER),
                warm_up=warm_up,
            )
            timed(
                "volumes",
                lambda: queries.volumes(user=council, group="ward", **QUARTER),
                warm_up=warm_up,
            )
            row = queries.response_times(user=council, group="department", **QUARTER).rows[0]
            print(
                f"  (first department: {row.cases:,} cases, median {row.median_days_to_acknowledge}"
                f" / {row.median_days_to_respond} working days to acknowledge / respond, "
                f"{row.acknowledged_on_time_percent}% acknowledged on time, "
                f"{row.overdue_now:,} overdue now)"
            )
            timed(
                "quarterly", lambda: documents.quarterly(user=council, **QUARTER), warm_up=warm_up
            )
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    spread = 0
    if "--years" in arguments:
        at = arguments.index("--years")
        spread = int(arguments[at + 1])
        del arguments[at : at + 2]
    main([int(a) for a in arguments] or [100_000, 1_000_000], spread)
