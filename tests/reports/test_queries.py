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


def test_a_case_assigned_after_five_starts_counting_the_next_working_day(world):
    """Assigned Monday at 17:30 and acknowledged Wednesday: one working day, as the charter
    counts it (the clock starts on Tuesday), not two."""
    from wardcase.cases import services

    with time_machine.travel(at(2026, 3, 2, 17, 30), tick=False):
        case = _log(world, world.councillor, "Late")
        case = services.case_assign(
            case=case, by=world.coordinator, department=world.department, lead_officer=world.officer
        )
    with time_machine.travel(at(2026, 3, 4, 11), tick=False):
        services.case_acknowledge(case=case, by=world.officer)
    report = queries.response_times(user=world.coordinator, group="department", **MARCH)
    assert report.rows[0].median_days_to_acknowledge == 1.0


def test_response_times_and_volumes_by_directorate(world, march, on_20_march):
    """Departments' figures roll up into their directorate; the quarterly report gains a
    table by directorate once the council has any."""
    from wardcase.directory.models import Directorate
    from wardcase.reports import documents

    slugs = [s.slug for s in documents.quarterly(user=world.coordinator, **MARCH).sections]
    assert "response-times-directorate" not in slugs
    place = Directorate.objects.create(council=world.department.council, name="Place")
    world.department.directorate = place
    world.department.save()
    report = queries.response_times(user=world.coordinator, group="directorate", **MARCH)
    rows = {row.label: row for row in report.rows}
    assert (rows["Place"].cases, rows["Place"].median_days_to_acknowledge) == (4, 2.5)
    assert rows["Not set"].cases == 1
    volumes = queries.volumes(user=world.coordinator, group="directorate", **MARCH)
    assert {row.label: row.cases for row in volumes.rows} == {"Place": 4, "Not set": 1}
    quarterly = documents.quarterly(user=world.coordinator, **MARCH)
    section = next(s for s in quarterly.sections if s.slug == "response-times-directorate")
    assert section.rows[0][:2] == ["Not set", 1] and section.rows[1][:2] == ["Place", 4]


def test_the_median_is_read_off_a_histogram():
    """The middle value, or the mean of the middle two, whatever the buckets."""
    assert queries.histogram_median(counts={}) is None
    assert queries.histogram_median(counts={4: 1}) == 4.0
    assert queries.histogram_median(counts={1: 1, 2: 1, 3: 1, 5: 1}) == 2.5
    assert queries.histogram_median(counts={0: 3, 7: 1}) == 0.0
    assert queries.histogram_median(counts={2: 2, 9: 2}) == 5.5
    assert queries.histogram_median(counts={1: 5, 2: 1, 30: 3}) == 1.0


def test_a_group_with_nothing_decided_has_no_bar_rather_than_zero():
    """A department with no decided deadline yet shows "no figure", not a 0% bar."""
    from wardcase.reports.charts import bar_chart

    chart = bar_chart(slug="s", title="t", labels=["A", "B"], values=[None, 50.0], unit="%")
    assert [(b["width"], b["value"]) for b in chart["bars"]] == [(0, "no figure"), (330, "50.0%")]


def test_enquiries_from_members_of_every_nation_are_counted(world, march):
    """A Member of the Senedd's and an MLA's enquiries have their own rows."""
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        for enquirer in ("ms", "mla", "ms"):
            _log(world, world.councillor, "Raised by a member", enquirer_type=enquirer)
    report = queries.volumes(user=world.coordinator, group="enquirer_type", **MARCH)
    counts = {row.label: row.cases for row in report.rows}
    assert (counts["MS (Senedd)"], counts["MLA"], counts["Councillor"]) == (2, 1, 5)
