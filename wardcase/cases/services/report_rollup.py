"""Keeping the reports' roll-up (`wardcase.cases.models_rollup`) current.

Writers mark the days (council time) of the cases they changed as stale, in their own
transaction: `case_event_record` for every case service (each records an event), and
`rollup_mark_stale` for the writers that bypass it (the sweep, the clock rebuild, imports,
the demo data). `reports_rollup_refresh` recounts the stale days, or every day, from the
cases and clocks: a day's rows are deleted and counted again whole, so the roll-up of a
day always equals a recount of it once refreshed. It runs from `run_periodic`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from wardcase.cases.choices import Status
from wardcase.cases.models import (
    Case,
    CaseDayCount,
    CaseMonthCount,
    ClockDayCount,
    ClockMonthCount,
    RollupStaleDay,
)
from wardcase.charter.models import Clock
from wardcase.core.locks import command_lock

Kind, State = Clock.Kind, Clock.State
RANGES_PER_STATEMENT = 200  # day ranges ORed in one recount statement


def case_day(case: Case) -> date:
    """The day a case was logged, in council time: its roll-up rows' day."""
    return timezone.localdate(case.created_at)


def rollup_mark_case(*, case: Case) -> None:
    """Mark the case's day stale: what a report counts of it may have changed."""
    if case.created_at is not None:
        RollupStaleDay.objects.create(day=case_day(case))


def rollup_mark_stale(*, case_ids: Iterable[int] | None = None) -> int:
    """Mark the days of these cases (or of every case) stale: one INSERT ... SELECT.
    Returns the number of days marked."""
    cases = Case.objects.all() if case_ids is None else Case.objects.filter(pk__in=list(case_ids))
    days = cases.annotate(day=TruncDate("created_at")).order_by().values("day").distinct()
    sql, params = days.query.sql_with_params()
    table = connection.ops.quote_name(RollupStaleDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (day) {sql}", params)  # noqa: S608
        return int(cursor.rowcount)


def day_ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days merged: [(first, last), ...] in order."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def logged_on_q(ranges: Sequence[tuple[date, date]], prefix: str = "") -> Q:
    """Cases logged on the days of `ranges` (council time), as ranges of `created_at` that
    its index answers. No ranges: no cases."""
    zone = timezone.get_current_timezone()
    found = Q(**{f"{prefix}pk__in": []})
    for first, last in ranges:
        found |= Q(
            **{
                f"{prefix}created_at__gte": datetime.combine(first, time.min, tzinfo=zone),
                f"{prefix}created_at__lt": datetime.combine(
                    last + timedelta(days=1), time.min, tzinfo=zone
                ),
            }
        )
    return found


def first_due_subquery() -> Subquery:
    """As SQL: the case's soonest due date of a running or missed deadline, or
    `date.min` if one is overdue already (missed, or running past its date), as the
    reports' overdue-now counts it: overdue while that date is before today."""
    today = timezone.localdate()
    overdue = Q(state=State.BREACHED) | Q(due_on__lt=today)
    return Subquery(
        Clock.objects.filter(case=OuterRef("pk"), state__in=[State.RUNNING, State.BREACHED])
        .annotate(
            first=DbCase(When(overdue, then=Value(date.min)), default=F("due_on")),
        )
        .order_by("first")
        .values("first")[:1],
        output_field=DateField(),
    )


def case_day_counts(cases: QuerySet[Case]) -> QuerySet[Any, Any]:
    """What `CaseDayCount` holds for these cases, in its column order."""
    return (
        cases.annotate(day=TruncDate("created_at"), first_due=first_due_subquery())
        .order_by()
        .values("day", "department_id", "ward_id", "service_id", "first_due")
        .annotate(cases=Count("pk"), open_cases=Count("pk", filter=~Q(status=Status.CLOSED)))
    )


def clock_day_counts(clocks: QuerySet[Clock]) -> QuerySet[Any, Any]:
    """What `ClockDayCount` holds for these clocks, in its column order."""
    on_time = Q(state=State.MET, met_at__date__lte=F("due_on"))
    return (
        clocks.filter(
            kind__in=[Kind.ACKNOWLEDGE, Kind.RESPOND], state__in=[State.MET, State.BREACHED]
        )
        .annotate(
            day=TruncDate("case__created_at"),
            case_department=F("case__department_id"),
            case_ward=F("case__ward_id"),
            case_service=F("case__service_id"),
        )
        .order_by()
        .values("day", "case_department", "case_ward", "case_service", "kind", "working_days")
        .annotate(
            decided=Count("pk"),
            on_time=Count("pk", filter=on_time),
            met=Count("pk", filter=Q(state=State.MET)),
        )
    )


def on_days(ranges: Sequence[tuple[date, date]]) -> Q:
    """Roll-up rows of the days of `ranges`. No ranges: no rows."""
    found = Q(pk__in=[])
    for first, last in ranges:
        found |= Q(day__gte=first, day__lte=last)
    return found


def _months(days: Iterable[date]) -> list[tuple[date, date]]:
    """The whole months holding these days, as ranges of days."""
    firsts = {day.replace(day=1) for day in days}
    return day_ranges(
        first + timedelta(days=n)
        for first in firsts
        for n in range(((first + timedelta(days=32)).replace(day=1) - first).days)
    )


def _month_sums(ranges: Sequence[tuple[date, date]]) -> None:
    """The month rows of these (whole) months summed again from their day rows."""
    rows = on_days(ranges)
    CaseMonthCount.objects.filter(rows).delete()
    ClockMonthCount.objects.filter(rows).delete()
    month = TruncMonth("day", output_field=DateField())
    _insert(
        CaseMonthCount,
        CaseDayCount.objects.filter(rows)
        .annotate(month=month)
        .order_by()
        .values("month", "department_id", "ward_id", "service_id", "first_due_on")
        .annotate(n=Sum("cases"), open_n=Sum("open_cases")),
    )
    nothing = Value(None, output_field=IntegerField())  # ward and service: summed over
    _insert(
        ClockMonthCount,
        ClockDayCount.objects.filter(rows)
        .annotate(month=month, no_ward=nothing, no_service=nothing)
        .order_by()
        .values("month", "department_id", "no_ward", "no_service", "kind", "working_days")
        .annotate(n=Sum("decided"), on_time_n=Sum("on_time"), met_n=Sum("met")),
    )


def _insert(model: type[Any], counted: QuerySet[Any, Any]) -> None:
    columns: list[str] = [
        str(model._meta.get_field(name).column)
        for name in ("day", "department", "ward", "service")
        + (
            ("kind", "working_days", "decided", "on_time", "met")
            if model in {ClockDayCount, ClockMonthCount}
            else ("first_due_on", "cases", "open_cases")
        )
    ]
    sql, params = counted.query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) {sql}",  # noqa: S608
            params,
        )


def _recount(ranges: Sequence[tuple[date, date]] | None) -> None:
    if ranges is None:
        CaseDayCount.objects.all().delete()
        ClockDayCount.objects.all().delete()
        _insert(CaseDayCount, case_day_counts(Case.objects.all()))
        _insert(ClockDayCount, clock_day_counts(Clock.objects.all()))
        CaseMonthCount.objects.all().delete()
        ClockMonthCount.objects.all().delete()
        _month_sums(_months(CaseDayCount.objects.values_list("day", flat=True).distinct()))
        return
    for start in range(0, len(ranges), RANGES_PER_STATEMENT):
        chunk = ranges[start : start + RANGES_PER_STATEMENT]
        rows = on_days(chunk)
        CaseDayCount.objects.filter(rows).delete()
        ClockDayCount.objects.filter(rows).delete()
        _insert(CaseDayCount, case_day_counts(Case.objects.filter(logged_on_q(chunk))))
        _insert(ClockDayCount, clock_day_counts(Clock.objects.filter(logged_on_q(chunk, "case__"))))
    months = _months(
        first + timedelta(days=n) for first, last in ranges for n in range((last - first).days + 1)
    )
    for start in range(0, len(months), RANGES_PER_STATEMENT):
        _month_sums(months[start : start + RANGES_PER_STATEMENT])


def reports_rollup_refresh(*, everything: bool = False) -> int:
    """Recount the stale days (or every day) and clear the marks read. Returns the number
    of days recounted (with `everything`, of stale marks cleared). Behind a named lock:
    two refreshes recounting one day at once would both insert its rows; a second run
    finds the lock taken and does nothing (0)."""
    with command_lock("reports_rollup_refresh") as held:
        if not held:
            return 0
        with transaction.atomic():
            marks = list(RollupStaleDay.objects.values_list("pk", "day"))
            if everything:
                _recount(None)
            else:
                _recount(day_ranges(day for _pk, day in marks))
            # Only the marks read: one written since by a writer still running stays.
            ids = [pk for pk, _day in marks]
            for start in range(0, len(ids), 10_000):
                RollupStaleDay.objects.filter(pk__in=ids[start : start + 10_000]).delete()
        return len({day for _pk, day in marks})


def stale_days(*, date_from: date, date_to: date) -> set[date]:
    """The stale days between these dates: a report counts them live."""
    return set(
        RollupStaleDay.objects.filter(day__gte=date_from, day__lte=date_to)
        .values_list("day", flat=True)
        .distinct()
    )
