"""The reports' figures, each computed by aggregate SQL.

Counts are ORM aggregates grouped by one dimension. Medians are computed in SQL on both
engines: the ORM builds the per-clock working days, and a window query around it keeps
the middle row (or two) of each group by ROW_NUMBER and COUNT, as SQLite has no
percentile function. Working days come from the WorkingDay calendar: the difference of
two days' running numbers, less the working days the case was paused in between.

Only ids, dates, service, department, ward, channel, enquirer type and status are read,
so anonymised cases still count.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Trim, TruncDate, Upper
from django.utils import timezone

from wardcase.cases.models import Case
from wardcase.charter.models import Clock, Pause
from wardcase.reports.calendar import ensure_working_days
from wardcase.reports.models import WorkingDay
from wardcase.reports.scope import (
    case_scope,
    group_key,
    key_labels,
    normalise_key,
    period_q,
)

Kind, State = Clock.Kind, Clock.State
HOT_SPOT_MINIMUM = 3


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
    def acknowledged_on_time_percent(self):
        return _percent(self.acknowledged_on_time, self.acknowledge_decided)

    @property
    def responded_on_time_percent(self):
        return _percent(self.responded_on_time, self.respond_decided)


@dataclass
class Report:
    group: str
    date_from: date
    date_to: date
    rows: list = field(default_factory=list)


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _scoped_cases(*, user, group, date_from, date_to):
    return Case.objects.filter(case_scope(user=user, group=group), period_q(date_from, date_to))


@contextmanager
def _report_transaction():
    """One read transaction per report. PostgreSQL's JIT would spend longer compiling
    these one-off aggregate queries than running them, so it is off for them."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def _clock_counts(*, cases, group):
    """Per group, cases with a decided (met or missed) deadline of each kind, those met on
    time, and cases with a deadline overdue now: one grouped join over the clocks."""
    today = timezone.localdate()
    decided = Q(state__in=[State.MET, State.BREACHED], kind__in=[Kind.ACKNOWLEDGE, Kind.RESPOND])
    on_time = Q(state=State.MET, met_at__date__lte=F("due_on"))
    overdue = Q(state=State.BREACHED) | Q(state=State.RUNNING, due_on__lt=today)
    counted = (
        Clock.objects.filter(decided | overdue, case__in=cases.values("pk"))
        .annotate(key=group_key(group, prefix="case__"))
        .order_by()
        .values("key", "kind")
        .annotate(
            decided=Count("case_id", filter=decided, distinct=True),
            on_time=Count("case_id", filter=decided & on_time, distinct=True),
        )
    )
    overdue_cases = (
        Clock.objects.filter(overdue, case__in=cases.values("pk"))
        .annotate(key=group_key(group, prefix="case__"))
        .order_by()
        .values("key")
        .annotate(cases=Count("case_id", distinct=True))
    )
    by_kind = {(normalise_key(group, r["key"]), r["kind"]): r for r in counted}
    return by_kind, {normalise_key(group, r["key"]): r["cases"] for r in overdue_cases}


def response_times(*, user, date_from, date_to, group="department"):
    """Per group: cases logged in the period, median working days to acknowledge and to
    respond, the share of decided deadlines met on time, and cases overdue now."""
    with _report_transaction():
        return _response_times(user=user, date_from=date_from, date_to=date_to, group=group)


def _response_times(*, user, date_from, date_to, group):
    cases = _scoped_cases(user=user, group=group, date_from=date_from, date_to=date_to)
    counted = cases.annotate(key=group_key(group)).order_by().values("key").annotate(n=Count("pk"))
    by_kind, overdue = _clock_counts(cases=cases, group=group)
    rows = {}
    for values in counted:
        key = normalise_key(group, values["key"])
        acknowledge = by_kind.get((key, Kind.ACKNOWLEDGE), {})
        respond = by_kind.get((key, Kind.RESPOND), {})
        rows[key] = ResponseTimeRow(
            key=key,
            label="",
            cases=values["n"],
            acknowledge_decided=acknowledge.get("decided", 0),
            acknowledged_on_time=acknowledge.get("on_time", 0),
            respond_decided=respond.get("decided", 0),
            responded_on_time=respond.get("on_time", 0),
            overdue_now=overdue.get(key, 0),
        )
    for kind, attribute in (
        (Kind.ACKNOWLEDGE, "median_days_to_acknowledge"),
        (Kind.RESPOND, "median_days_to_respond"),
    ):
        for key, median in median_working_days(
            cases=cases, kind=kind, group=group, date_from=date_from
        ).items():
            if key in rows:
                setattr(rows[key], attribute, median)
    labels = key_labels(group, list(rows))
    for key, row in rows.items():
        row.label = labels[key]
    return Report(group, date_from, date_to, _sorted(group, rows.values()))


def _sorted(group, rows):
    if group in {"month", "quarter"}:
        return sorted(rows, key=lambda r: (r.key is None, r.key or date.min))
    return sorted(rows, key=lambda r: str(r.label).lower())


def working_days_per_clock(*, cases, kind):
    """Met clocks of this kind on these cases, each with its group-free working days:
    the calendar numbers of the met day less the start day, less paused working days."""
    start_day, met_day = TruncDate("started_at"), TruncDate("met_at")
    paused = (
        WorkingDay.objects.filter(
            is_working=True,
            day__gt=OuterRef("start_day"),
            day__lte=OuterRef("met_day"),
        )
        .filter(
            Exists(
                Pause.objects.filter(
                    case=OuterRef(OuterRef("case_id")), started_at__date__lte=OuterRef("day")
                ).filter(Q(ended_at__isnull=True) | Q(ended_at__date__gt=OuterRef("day")))
            )
        )
        .order_by()
        .values("is_working")
        .annotate(n=Count("day"))
        .values("n")
    )
    clocks = Clock.objects.filter(
        kind=kind, state=State.MET, met_at__isnull=False, case__in=cases.values("pk")
    ).annotate(start_day=start_day, met_day=met_day)
    start_number = Subquery(
        WorkingDay.objects.filter(day=OuterRef("start_day")).values("number")[:1]
    )
    met_number = Subquery(WorkingDay.objects.filter(day=OuterRef("met_day")).values("number")[:1])
    return clocks.annotate(
        days=Coalesce(met_number, 0)
        - Coalesce(start_number, 0)
        - Coalesce(Subquery(paused, output_field=IntegerField()), 0)
    )


def median_working_days(*, cases, kind, group, date_from):
    """The median working days per group, by a window query portable to SQLite."""
    ensure_working_days(date_from.year - 1, timezone.localdate().year + 1)
    clocks = working_days_per_clock(cases=cases, kind=kind).annotate(
        group_key=group_key(group, prefix="case__")
    )
    inner_sql, params = clocks.order_by().values("group_key", "days").query.sql_with_params()
    # Only the ORM's own compiled SQL is interpolated; its parameters stay parameters.
    sql = f"""
        WITH per_clock AS ({inner_sql}),
        ranked AS (
            SELECT group_key, days,
                   ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY days) AS row_position,
                   COUNT(*) OVER (PARTITION BY group_key) AS total
            FROM per_clock
        )
        SELECT group_key, AVG(days * 1.0) FROM ranked
        WHERE row_position IN ((total + 1) / 2, (total + 2) / 2)
        GROUP BY group_key
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            normalise_key(group, key): round(float(median), 1) for key, median in cursor.fetchall()
        }


def volumes(*, user, date_from, date_to, group="ward"):
    """Cases logged in the period per group, with how many are still open."""
    with _report_transaction():
        return _volumes(user=user, date_from=date_from, date_to=date_to, group=group)


def _volumes(*, user, date_from, date_to, group):
    from wardcase.cases.choices import Status

    cases = _scoped_cases(user=user, group=group, date_from=date_from, date_to=date_to)
    counted = (
        cases.annotate(key=group_key(group))
        .order_by()
        .values("key")
        .annotate(cases=Count("pk"), open_cases=Count("pk", filter=~Q(status=Status.CLOSED)))
    )
    rows = {normalise_key(group, v["key"]): v for v in counted}
    labels = key_labels(group, list(rows))
    result = [
        VolumeRow(key=key, label=labels[key], cases=v["cases"], open_cases=v["open_cases"])
        for key, v in rows.items()
    ]
    return Report(group, date_from, date_to, _sorted(group, result))


@dataclass
class VolumeRow:
    key: object
    label: str
    cases: int
    open_cases: int


def hot_spots(*, user, date_from, date_to, minimum=HOT_SPOT_MINIMUM):
    """Streets (the case's location) with at least `minimum` cases of one service in the
    period, most first. Anonymised cases have no location, so they are not counted here.
    Administrators see no case content, streets included: they get none."""
    from wardcase.accounts.models import Role
    from wardcase.directory.models import Service

    cases = _scoped_cases(user=user, group="ward", date_from=date_from, date_to=date_to)
    if user.role == Role.ADMINISTRATOR:
        return []
    counted = list(
        cases.exclude(location="")
        .annotate(street=Upper(Trim("location")))
        .order_by()
        .values("street", "service_id")
        .annotate(cases=Count("pk"))
        .filter(cases__gte=minimum)
        .order_by("-cases", "street")
    )
    names = dict(
        Service.objects.filter(pk__in={r["service_id"] for r in counted}).values_list("pk", "name")
    )
    return [
        {
            "location": r["street"].title(),
            "service": names.get(r["service_id"], ""),
            "cases": r["cases"],
        }
        for r in counted
    ]
