"""The report figures against the hand-checked March world (see conftest)."""

from datetime import date

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
    assert rows["None"].cases == 1
