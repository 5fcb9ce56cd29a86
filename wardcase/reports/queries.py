"""The reports' figures, each computed by aggregate SQL.

Counts are ORM aggregates grouped by one dimension. The working days each deadline took
are recorded on its clock when it is met (`Clock.working_days`, counted by the charter's
own calendar: weekends, bank holidays, closure days, late starts and paused days left
out). Medians come from the same grouped query as the counts: SQL counts the clocks per
(group, kind, working days), and the median is read off that histogram, which has a
bucket per distinct number of days, not a row per case. It is the same on both engines
(SQLite has no percentile function) and needs no sort of the clocks.

Only ids, dates, service, department, ward, channel, enquirer type and status are read,
so anonymised cases still count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from django.db.models import Count, F, Q
from django.utils import timezone

from wardcase.accounts.models import User
from wardcase.charter.models import Clock
from wardcase.charter.querysets import overdue_q
from wardcase.permissions.reports import case_scope
from wardcase.reports import rollup
from wardcase.reports.dimensions import key_labels, period_q
from wardcase.reports.passes import Pass, passes
from wardcase.reports.reading import report_transaction, scoped_cases

Kind, State = Clock.Kind, Clock.State


@dataclass
class ResponseTimeRow:
    key: object
    label: str
    cases: int = 0
    acknowledge_decided: int = 0
    acknowledged_on_time: int = 0
    respond_decided: int = 0
    responded_on_time: int = 0
    overdue_now: int = 0
    median_days_to_acknowledge: float | None = None
    median_days_to_respond: float | None = None

    @property
    def acknowledged_on_time_percent(self) -> float | None:
        return _percent(self.acknowledged_on_time, self.acknowledge_decided)

    @property
    def responded_on_time_percent(self) -> float | None:
        return _percent(self.responded_on_time, self.respond_decided)


@dataclass
class VolumeRow:
    key: object
    label: str
    cases: int
    open_cases: int


# A report's rows: each has the key it is grouped by and the label people read.
Row = TypeVar("Row", ResponseTimeRow, VolumeRow)


@dataclass
class Report(Generic[Row]):
    group: str
    date_from: date
    date_to: date
    rows: list[Row] = field(default_factory=list)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _logged(date_from: date, date_to: date, period: rollup.Period | None, prefix: str = "") -> Q:
    """The cases a pass counts live: all those logged in the period, or, where the
    roll-up serves the pass (`period` given), only those logged on its stale days."""
    if period is None:
        found: Q = period_q(date_from, date_to, prefix=prefix)
        return found
    return period.live_q(prefix)


@dataclass
class _DeadlineFigures:
    """One kind of deadline in one group: how many were decided (met or missed), met on
    time, and how many were met after each number of working days."""

    decided: int = 0
    on_time: int = 0
    met_after: dict[int, int] = field(default_factory=dict)  # working days taken -> clocks

    @property
    def median(self) -> float | None:
        return histogram_median(counts=self.met_after)

    def add(self, *, decided: int, on_time: int, days: int | None, met: int) -> None:
        self.decided += decided
        self.on_time += on_time
        if days is not None and met:
            self.met_after[days] = self.met_after.get(days, 0) + met


def histogram_median(*, counts: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times}: the middle value, or the
    mean of the middle two. Walks the distinct values, never the rows behind them."""
    total = sum(counts.values())
    if not total:
        return None
    middle, picked, seen = ((total + 1) // 2, (total + 2) // 2), [], 0
    for value in sorted(counts):
        before, seen = seen, seen + counts[value]
        picked += [value for position in middle if before < position <= seen]
    return round(sum(picked) / 2, 1)


_Basis = tuple[object, ...]


def _clock_figures(*, user: User, reading: Pass, logged: Q) -> list[tuple[_Basis, dict[str, Any]]]:
    """Per basis and kind, the acknowledge and respond deadlines' figures, in one grouped
    query: a row per (basis, kind, working days taken), so a median is read from a
    histogram of at most a few hundred buckets, the same on both engines.

    A case has at most one acknowledge and one respond clock (a database constraint), so
    counting clocks counts cases."""
    in_scope = case_scope(user=user, group=reading.groups[0], prefix="case__") & logged
    decided = Q(kind__in=[Kind.ACKNOWLEDGE, Kind.RESPOND], state__in=[State.MET, State.BREACHED])
    on_time = Q(state=State.MET, met_at__date__lte=F("due_on"))
    buckets = (
        Clock.objects.filter(in_scope, decided)
        .annotate(**reading.annotations(prefix="case__"))
        .order_by()
        .values(*reading.names, "kind", "working_days")
        .annotate(
            decided=Count("pk"),
            on_time=Count("pk", filter=on_time),
            met=Count("pk", filter=Q(state=State.MET)),
        )
    )
    return [(reading.row_key(bucket), bucket) for bucket in buckets]


def _overdue_now(*, user: User, reading: Pass, logged: Q) -> dict[_Basis, int]:
    """Per basis, the cases with a deadline overdue now (missed, or running past its
    date). A case has one basis, so the distinct cases per basis add up to those of any
    group made of them. A join, not an `IN` inside the cases pass: PostgreSQL hashes such
    an `IN` only while the overdue clocks fit in work_mem, and past that walks them once
    per case."""
    in_scope = case_scope(user=user, group=reading.groups[0], prefix="case__") & logged
    today = timezone.localdate()
    overdue = (
        Clock.objects.filter(in_scope)
        .filter(overdue_q(today))
        .annotate(**reading.annotations(prefix="case__"))
        .order_by()
        .values(*reading.names)
        .annotate(cases=Count("case_id", distinct=True))
    )
    return {reading.row_key(row): row["cases"] for row in overdue}


def response_times(
    *, user: User, date_from: date, date_to: date, group: str = "department"
) -> Report[ResponseTimeRow]:
    """Per group: cases logged in the period, median working days to acknowledge and to
    respond, the share of decided deadlines met on time, and cases overdue now."""
    return response_times_by(user=user, date_from=date_from, date_to=date_to, groups=[group])[group]


def response_times_by(
    *, user: User, date_from: date, date_to: date, groups: list[str], live: bool = False
) -> dict[str, Report[ResponseTimeRow]]:
    """`response_times` grouped by each of `groups`, read in one pass per figure for all
    of them (see `wardcase.reports.passes`), not one per group; from the roll-up where it
    serves the pass (`wardcase.reports.rollup`), unless `live`."""
    reports: dict[str, Report[ResponseTimeRow]] = {}
    with report_transaction():
        for together in passes(groups):
            reading = Pass.of(together)
            reports |= _response_times(
                user=user, date_from=date_from, date_to=date_to, reading=reading, live=live
            )
    return {group: reports[group] for group in groups}


def _response_times(
    *, user: User, date_from: date, date_to: date, reading: Pass, live: bool
) -> dict[str, Report[ResponseTimeRow]]:
    period = None if live or not rollup.serves(reading) else rollup.Period.of(date_from, date_to)
    logged = _logged(date_from, date_to, period)
    cases = scoped_cases(user=user, group=reading.groups[0], logged=logged)
    counted = list(
        cases.annotate(**reading.annotations())
        .order_by()
        .values(*reading.names)
        .annotate(cases=Count("pk"))
    )
    logged_clocks = _logged(date_from, date_to, period, "case__")
    buckets = _clock_figures(user=user, reading=reading, logged=logged_clocks)
    overdue = _overdue_now(user=user, reading=reading, logged=logged_clocks)
    if period is not None:
        counted += rollup.case_counts(user=user, reading=reading, period=period)
        buckets += [
            (reading.row_key(bucket), bucket)
            for bucket in rollup.clock_buckets(user=user, reading=reading, period=period)
        ]
    bases: dict[_Basis, int] = {}
    for values in counted:
        basis = reading.row_key(values)
        bases[basis] = bases.get(basis, 0) + values["cases"]
        overdue[basis] = overdue.get(basis, 0) + (values.get("overdue") or 0)
    reports = {}
    for group in reading.groups:
        rows: dict[object, ResponseTimeRow] = {}
        figures: dict[tuple[object, str], _DeadlineFigures] = {}
        for basis, n in bases.items():
            key = reading.key(group, basis)
            row = rows.setdefault(key, ResponseTimeRow(key=key, label=""))
            row.cases += n
            row.overdue_now += overdue.get(basis, 0)
        for basis, bucket in buckets:
            figures.setdefault((reading.key(group, basis), bucket["kind"]), _DeadlineFigures()).add(
                decided=bucket["decided"],
                on_time=bucket["on_time"],
                days=bucket["working_days"],
                met=bucket["met"],
            )
        for key, row in rows.items():
            acknowledge = figures.get((key, Kind.ACKNOWLEDGE), _DeadlineFigures())
            respond = figures.get((key, Kind.RESPOND), _DeadlineFigures())
            row.acknowledge_decided = acknowledge.decided
            row.acknowledged_on_time = acknowledge.on_time
            row.respond_decided = respond.decided
            row.responded_on_time = respond.on_time
            row.median_days_to_acknowledge = acknowledge.median
            row.median_days_to_respond = respond.median
        labels = key_labels(group, list(rows))
        for key, row in rows.items():
            row.label = labels[key]
        reports[group] = Report(group, date_from, date_to, _sorted(group, rows.values()))
    return reports


def _sorted(group: str, rows: Iterable[Row]) -> list[Row]:
    if group in {"month", "quarter"}:
        return sorted(rows, key=lambda r: (r.key is None, r.key or date.min))
    return sorted(rows, key=lambda r: str(r.label).lower())


def volumes(
    *, user: User, date_from: date, date_to: date, group: str = "ward"
) -> Report[VolumeRow]:
    """Cases logged in the period per group, with how many are still open."""
    return volumes_by(user=user, date_from=date_from, date_to=date_to, groups=[group])[group]


def volumes_by(
    *, user: User, date_from: date, date_to: date, groups: list[str], live: bool = False
) -> dict[str, Report[VolumeRow]]:
    """`volumes` grouped by each of `groups`, counted in one pass for all of them (see
    `wardcase.reports.passes`), not one per group; from the roll-up where it serves the
    pass (`wardcase.reports.rollup`), unless `live`."""
    reports: dict[str, Report[VolumeRow]] = {}
    with report_transaction():
        for together in passes(groups):
            reports |= _volumes(
                user=user,
                date_from=date_from,
                date_to=date_to,
                reading=Pass.of(together),
                live=live,
            )
    return {group: reports[group] for group in groups}


def _volumes(
    *, user: User, date_from: date, date_to: date, reading: Pass, live: bool
) -> dict[str, Report[VolumeRow]]:
    from wardcase.cases.choices import Status

    period = None if live or not rollup.serves(reading) else rollup.Period.of(date_from, date_to)
    cases = scoped_cases(
        user=user, group=reading.groups[0], logged=_logged(date_from, date_to, period)
    )
    counted = list(
        cases.annotate(**reading.annotations())
        .order_by()
        .values(*reading.names)
        .annotate(cases=Count("pk"), open_cases=Count("pk", filter=~Q(status=Status.CLOSED)))
    )
    if period is not None:
        counted += rollup.case_counts(user=user, reading=reading, period=period)
    bases = [(reading.row_key(values), values) for values in counted]
    reports = {}
    for group in reading.groups:
        rows: dict[object, VolumeRow] = {}
        for basis, values in bases:
            key = reading.key(group, basis)
            row = rows.setdefault(key, VolumeRow(key=key, label="", cases=0, open_cases=0))
            row.cases += values["cases"]
            row.open_cases += values["open_cases"]
        labels = key_labels(group, list(rows))
        for key, row in rows.items():
            row.label = labels[key]
        reports[group] = Report(group, date_from, date_to, _sorted(group, rows.values()))
    return reports
