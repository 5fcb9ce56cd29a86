"""Filling the WorkingDay table from the charter's calendar."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction

from wardcase.charter.clocks import council_calendar
from wardcase.reports.models import WorkingDay

FIRST_YEAR_KEPT = 2015


def ensure_working_days(first_year, last_year):
    """Make sure the calendar covers these years; rebuild it whole if it does not, so
    the running numbers stay consistent across every year the table holds."""
    first_year = min(first_year, FIRST_YEAR_KEPT)
    covered = WorkingDay.objects.filter(
        day__in=[date(first_year, 1, 1), date(last_year, 12, 31)]
    ).count()
    if covered == 2:
        return False
    try:
        rebuild_working_days(first_year, last_year)
    except IntegrityError:
        return False  # another request built it at the same moment: theirs is as good
    return True


@transaction.atomic
def rebuild_working_days(first_year, last_year):
    """Write every day from 1 January of the first year to 31 December of the last."""
    if WorkingDay.objects.exists():
        first_year = min(first_year, WorkingDay.objects.earliest("day").day.year)
        last_year = max(last_year, WorkingDay.objects.latest("day").day.year)
    calendar = council_calendar(first_year, last_year)
    rows, number, day = [], 0, date(first_year, 1, 1)
    while day.year <= last_year:
        working = calendar.is_working_day(day)
        number += working
        rows.append(WorkingDay(day=day, is_working=working, number=number))
        day += timedelta(days=1)
    WorkingDay.objects.all().delete()
    WorkingDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
