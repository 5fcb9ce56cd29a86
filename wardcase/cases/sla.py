"""Charter deadline maths. Pure functions: dates in, dates out, no database.

A case logged after the end of the working day, or on a non-working day, starts its
clock on the next working day. "Within N working days" means by the end of the Nth
working day after the start day.
"""

from datetime import date, datetime, time, timedelta

import holidays

WORKING_DAY_ENDS = time(17, 0)

# The `holidays` package's UK subdivisions for each nation a council can be in.
NATION_SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}


def bank_holidays(nation, years):
    """The bank holidays of a UK nation in the given years."""
    return set(holidays.UK(subdiv=NATION_SUBDIVISIONS[nation], years=years).keys())


def is_working_day(day, non_working):
    return day.weekday() < 5 and day not in non_working


def clock_start_day(started_at, non_working):
    """The working day a clock starts on: today if in working hours, else the next one."""
    day = started_at.date()
    if started_at.time() >= WORKING_DAY_ENDS or not is_working_day(day, non_working):
        day += timedelta(days=1)
        while not is_working_day(day, non_working):
            day += timedelta(days=1)
    return day


def add_working_days(started_at, days, non_working):
    """The date by which something started at `started_at` is due, `days` working days on."""
    day = clock_start_day(started_at, non_working)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, non_working):
            counted += 1
    return day


def due_date(started_at: datetime, days: int, nation: str, closures=()) -> date:
    """Convenience: the due date using the nation's bank holidays plus council closure days."""
    years = range(started_at.year, started_at.year + 2)
    non_working = bank_holidays(nation, years) | set(closures)
    return add_working_days(started_at, days, non_working)
