"""Reading the reports' roll-up (`wardcase.cases.models_rollup`): the cases and decided
deadlines counted per day, so a report over years reads a few rows per day, not every case
and clock.

The roll-up serves a pass when every base it groups by is a column of the roll-up
(department, ward, service, month; a directorate and a quarter follow from them) and its
scope is the common one (a head's departments, a councillor's ward, the whole council);
a councillor's own figures (per councillor, per surgery) are read live. The days marked
stale, changed since the last refresh, are counted live and added in, so the figures are
the live queries' to the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import DateField, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wardcase.accounts.models import Role, User
from wardcase.cases.models import CaseDayCount, CaseMonthCount, ClockDayCount, ClockMonthCount
from wardcase.cases.services.report_rollup import day_ranges, logged_on_q, on_days, stale_days
from wardcase.permissions.reports import case_scope
from wardcase.reports.dimensions import period_q
from wardcase.reports.passes import OWN_SCOPE, Pass

COLUMNS = {"department": "department_id", "ward": "ward_id", "service": "service_id"}


def serves(reading: Pass) -> bool:
    """Whether the roll-up holds what this pass groups by, for its scope."""
    return reading.groups[0] not in OWN_SCOPE and all(
        base in COLUMNS or base == "month" for base in reading.bases
    )


@dataclass
class Period:
    """A report's period split in two: the days read from the roll-up, and the stale days
    counted live (as ranges of days)."""

    date_from: date
    date_to: date
    stale: set[date]

    @classmethod
    def of(cls, date_from: date, date_to: date) -> Period:
        return cls(date_from, date_to, stale_days(date_from=date_from, date_to=date_to))

    @property
    def live_ranges(self) -> Sequence[tuple[date, date]]:
        return day_ranges(self.stale)

    def live_q(self, prefix: str = "") -> Q:
        """The cases (or, with a prefix, what points to them) counted live: those logged
        in the period on a stale day."""
        found: Q = period_q(self.date_from, self.date_to, prefix) & logged_on_q(
            self.live_ranges, prefix
        )
        return found

    @property
    def whole_months(self) -> list[tuple[date, date]]:
        """The months wholly inside the period with no stale day: read from the month
        rows. Each as (its first day, its last day)."""
        found, first = [], self.date_from.replace(day=1)
        while first <= self.date_to:
            following = (first + timedelta(days=32)).replace(day=1)
            last = following - timedelta(days=1)
            stale = any(first <= day <= last for day in self.stale)
            if first >= self.date_from and last <= self.date_to and not stale:
                found.append((first, last))
            first = following
        return found

    def rolled(self, days: type[Any], months: type[Any] | None) -> list[QuerySet[Any]]:
        """The roll-up rows of the period's days that are not stale: the month rows of
        its whole months (`months`, if given) and the day rows of the other days, read by
        their ranges (the edges of the period, a month holding a stale day)."""
        whole = self.whole_months if months is not None else []
        in_whole = {first + timedelta(days=n) for first, last in whole for n in range(last.day)}
        rest = day_ranges(
            day
            for n in range((self.date_to - self.date_from).days + 1)
            if (day := self.date_from + timedelta(days=n)) not in in_whole and day not in self.stale
        )
        found = [days.objects.filter(on_days(rest))] if rest else []
        if whole:
            found.append(months.objects.filter(on_days(whole)))  # type: ignore[union-attr]
        return found


def _annotations(reading: Pass) -> dict[str, Any]:
    return {
        f"k_{base}": (
            TruncMonth("day", output_field=DateField()) if base == "month" else F(COLUMNS[base])
        )
        for base in reading.bases
    }


def _scoped(user: User, reading: Pass, rows: QuerySet[Any]) -> QuerySet[Any]:
    # The roll-up's dimensions are named as on the case, so the case scope filters it.
    return rows.filter(case_scope(user=user, group=reading.groups[0]))


def case_counts(*, user: User, reading: Pass, period: Period) -> list[dict[str, Any]]:
    """Per basis, the cases logged on the period's days that are not stale, how many of
    them are still open and how many overdue now: rows of the pass's keys with `cases`,
    `open_cases` and `overdue`."""
    overdue = Q(first_due_on__lt=timezone.localdate())
    return [
        row
        for rows in period.rolled(CaseDayCount, CaseMonthCount)
        for row in _scoped(user, reading, rows)
        .annotate(**_annotations(reading))
        .order_by()
        .values(*reading.names)
        # `overdue` first: it sums the field `cases`, which the next names for its sum.
        .annotate(
            overdue=Sum("cases", filter=overdue), cases=Sum("cases"), open_cases=Sum("open_cases")
        )
    ]


def clock_buckets(*, user: User, reading: Pass, period: Period) -> list[dict[str, Any]]:
    """Per basis, kind and working days, the decided deadlines of the cases logged on the
    period's days that are not stale, as `queries._clock_figures` counts them live. The
    month rows hold no ward or service: a councillor's (by ward) and groupings by ward or
    service read the days."""
    by_department = user.role != Role.COUNCILLOR and not {"ward", "service"} & set(reading.bases)
    return [
        row
        for rows in period.rolled(ClockDayCount, ClockMonthCount if by_department else None)
        for row in _scoped(user, reading, rows)
        .annotate(**_annotations(reading))
        .order_by()
        .values(*reading.names, "kind", "working_days")
        .annotate(decided=Sum("decided"), on_time=Sum("on_time"), met=Sum("met"))
    ]
