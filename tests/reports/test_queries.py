"""The report figures against the hand-checked March world (see conftest)."""

from datetime import date

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import _log, at
from wardcase.reports import queries

MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}


def test_response_times_by_department(world, march, on_20_march):
    """Medians in working days with paused days left out; anonymised cases still count."""
    report = queries.response_times(user=world.coordinator, group="department", **MARCH)
    rows = {row.label: row for row in report.rows}
    highways = rows["Highways"]
    assert highways.cases == 4
    assert highways.median_days_to_acknowledge == 2.5
    assert (highways.acknowledged_on_time, highways.acknowledge_decided) == (3, 4)
    assert highways.acknowledged_on_time_percent == 75.0
    assert highways.median_days_to_respond == 4.0
    assert highways.responded_on_time_percent == 100.0
    assert highways.overdue_now == 3
    assert rows["Not set"].cases == 1  # E, never assigned to a department


def test_figures_cost_the_same_queries_for_more_cases(world, march, on_20_march):
    """Aggregate SQL, not a loop over cases: more cases, the same number of queries."""

    def count():
        with CaptureQueriesContext(connection) as captured:
            queries.response_times(user=world.coordinator, group="service", **MARCH)
            queries.volumes(user=world.coordinator, group="month", **MARCH)
        return len(captured.captured_queries)

    count()  # the first report fills the working-day calendar
    before = count()
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        for n in range(10):
            _log(world, world.councillor, f"More {n}")
    assert count() == before


def test_response_times_by_quarter(world, march, on_20_march):
    report = queries.response_times(user=world.coordinator, group="quarter", **MARCH)
    assert [(r.label, r.cases, r.median_days_to_respond) for r in report.rows] == [
        ("Q1 2026", 5, 4.0)
    ]
