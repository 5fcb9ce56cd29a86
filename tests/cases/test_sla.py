"""Charter deadline maths, by table. Pure functions: no database."""

from datetime import date, datetime

import pytest

from wardcase.cases.sla import bank_holidays, clock_start_day, due_date

# (started at, working days, nation, due)
TABLE = [
    # An ordinary Monday morning: three working days later is Thursday.
    (datetime(2026, 3, 2, 10, 0), 3, "england", date(2026, 3, 5)),
    # After 17:00 the clock starts the next working day.
    (datetime(2026, 3, 2, 17, 30), 3, "england", date(2026, 3, 6)),
    # Logged on a Saturday: starts Monday.
    (datetime(2026, 3, 7, 11, 0), 3, "england", date(2026, 3, 12)),
    # Friday afternoon, ten working days: two weeks on.
    (datetime(2026, 3, 6, 14, 0), 10, "england", date(2026, 3, 20)),
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April skipped in England.
    (datetime(2026, 4, 1, 9, 0), 3, "england", date(2026, 4, 8)),
    # Scotland keeps Good Friday but not Easter Monday.
    (datetime(2026, 4, 1, 9, 0), 3, "scotland", date(2026, 4, 7)),
    # Christmas 2026 falls on a Friday, Boxing Day on Saturday: substitute Monday 28th.
    (datetime(2026, 12, 23, 9, 0), 3, "england", date(2026, 12, 30)),
    # Across New Year in Scotland: 1 and 2 January 2027 (Fri, Sat -> Mon 4th substitute).
    (datetime(2026, 12, 31, 9, 0), 1, "scotland", date(2027, 1, 5)),
    # Northern Ireland: St Patrick's Day, Tuesday 17 March 2026.
    (datetime(2026, 3, 16, 9, 0), 1, "northern_ireland", date(2026, 3, 18)),
    (datetime(2026, 3, 16, 9, 0), 1, "england", date(2026, 3, 17)),
]


@pytest.mark.parametrize("started_at,days,nation,expected", TABLE)
def test_due_dates(started_at, days, nation, expected):
    """Due dates skip weekends, the nation's bank holidays and after-hours starts."""
    assert due_date(started_at, days, nation) == expected


def test_council_closure_days_are_skipped():
    """A council closure day counts as a non-working day."""
    started = datetime(2026, 3, 2, 10, 0)
    assert due_date(started, 3, "england", closures=[date(2026, 3, 4)]) == date(2026, 3, 6)


def test_clock_start_day_for_a_bank_holiday():
    """A case logged on Easter Monday starts on the Tuesday."""
    non_working = bank_holidays("england", [2026])
    assert clock_start_day(datetime(2026, 4, 6, 9, 0), non_working) == date(2026, 4, 7)
