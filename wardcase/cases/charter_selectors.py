"""Reads of clocks for pages and the API, narrowed to the cases the user may see."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import OPEN_STATUSES
from wardcase.cases.selectors import visible_cases
from wardcase.charter.clocks import case_pauses, council_calendar, deadline_for
from wardcase.charter.models import Clock, Extension
from wardcase.charter.querysets import overdue_q

State = Clock.State
KIND_ORDER = {kind: n for n, kind in enumerate(Clock.Kind.values)}


@dataclass(slots=True)
class OfficerQueue:
    """An officer in a table of queues: who, their department's name, and the figures
    `officer_queues` counts. Plain values, not users: a council's 250 officers loaded as
    users and departments were 2-3 ms of one page's time."""

    pk: int
    name: str
    username: str
    department: str
    open_cases: int = 0
    overdue: int = 0

    def __str__(self):
        return self.name or self.username  # as the user's own name reads


@dataclass
class ClockView:
    """A clock with how its date was worked out, for the case page and the API."""

    clock: Clock
    deadline: object
    pending_extension: Extension | None

    @property
    def weekend_days(self):
        return sum(1 for day, _reason in self.deadline.skipped if day.weekday() >= 5)

    @property
    def other_skipped(self):
        return [(day, reason) for day, reason in self.deadline.skipped if day.weekday() < 5]


def _pauses_for(clock, pauses):
    """A clock met or stopped keeps the date it had: later pauses did not move it."""
    ended = clock.met_at or clock.ended_at
    return [p for p in pauses if ended is None or p.started_at <= ended]


def case_clocks(*, case):
    """The latest clock of each kind on a case the caller has already been allowed to see."""
    clocks = list(case.clocks.order_by("-started_at", "-id"))
    if not clocks:
        return []
    latest = {}
    for clock in clocks:
        latest.setdefault(clock.kind, clock)
    pending = {
        e.clock_id: e
        for e in Extension.objects.filter(
            clock__in=latest.values(), decision=Extension.Decision.PENDING
        ).select_related("requested_by")
    }
    today = timezone.localdate()
    first = min(timezone.localtime(c.started_at).year for c in latest.values())
    calendar = council_calendar(first, today.year + 1)
    pauses = case_pauses(case)
    views = [
        ClockView(
            clock,
            deadline_for(clock, calendar=calendar, pauses=_pauses_for(clock, pauses), today=today),
            pending.get(clock.pk),
        )
        for clock in latest.values()
    ]
    return sorted(views, key=lambda v: KIND_ORDER[v.clock.kind])


def overdue_clocks(*, user, department=None, officer=None):
    """Clocks past their date on cases the user may see, oldest first."""
    today = timezone.localdate()
    queryset = Clock.objects.filter(
        overdue_q(today), case__in=visible_cases(user=user).values("pk")
    )
    if department is not None:
        queryset = queryset.filter(case__department=department)
    if officer is not None:
        queryset = queryset.filter(case__lead_officer=officer)
    return queryset.order_by("due_on", "case__reference", "kind")


def overdue_clock_rows(*, ids):
    """The overdue list's rows, by the ids `overdue_clocks` chose for the page: what each
    row shows of the clock, its case, the case's department and lead officer. (Asked
    through `overdue_clocks` again, the user's visibility filter was planned a second
    time with six joined tables, to read 25 rows by their keys.)"""
    return (
        Clock.objects.filter(pk__in=ids)
        .select_related("case", "case__lead_officer", "case__department")
        .only(
            "kind",
            "state",
            "due_on",
            "breached_at",
            "escalated_at",
            "case__reference",
            "case__subject",
            "case__department__name",
            "case__lead_officer__name",
            "case__lead_officer__username",
        )
    )


def with_working_days_late(*, clocks, today=None):
    """The clocks (a page of them), each with `working_days_late`: the working days since
    its due date, by the council's calendar."""
    today = today or timezone.localdate()
    clocks = list(clocks)
    if clocks:
        calendar = council_calendar(min(c.due_on for c in clocks).year, today.year)
        for clock in clocks:
            clock.working_days_late = calendar.working_days_after(clock.due_on, today)
    return clocks


def officer_queues(*, user, departments, cases=None, tallied=None):
    """Officers of these departments with their open cases and overdue deadlines, counted
    in SQL over the cases `user` may see, so the figures agree with the lists they lead
    to (a restricted case the viewer cannot open is not counted): a list of officers.

    Three queries whatever the number of officers: the officers, then two grouped
    queries over the open cases they lead (`case_lead_status_idx`), the second joined to
    their overdue clocks only, so neither reads the officers' closed history. Closing a
    case stops its clocks, so every live clock is on an open case. (Counting through a
    subquery per officer row made PostgreSQL run it once per case joined: tens of
    seconds at 100,000 cases.)

    `cases` (some of the cases `user` may see) narrows what is counted live, and
    `tallied` ({"open_cases": {officer id: n}, "overdue": {...}}) adds figures counted
    already for the rest: the home page's summary counts most from the deadline tally (`tally.py`).
    """
    today = timezone.localdate()
    officers = [
        OfficerQueue(*row)
        for row in User.objects.filter(
            role__in=[Role.OFFICER, Role.HEAD_OF_SERVICE],
            is_active=True,
            department__in=departments,
        ).values_list("pk", "name", "username", "department__name")
    ]
    cases = visible_cases(user=user) if cases is None else cases
    led = cases.filter(
        lead_officer__in=[officer.pk for officer in officers], status__in=OPEN_STATUSES
    )
    open_cases = led.order_by().values("lead_officer").annotate(n=Count("pk"))
    overdue = (
        led.filter(overdue_q(today, "clocks__"))
        .order_by()
        .values("lead_officer")
        .annotate(n=Count("pk"))  # a row per overdue clock, read from its index alone
    )
    counts = {
        "open_cases": {row["lead_officer"]: row["n"] for row in open_cases},
        "overdue": {row["lead_officer"]: row["n"] for row in overdue},
    }
    tallied = tallied or {}
    for officer in officers:
        for name, by_officer in counts.items():
            extra = tallied.get(name, {}).get(officer.pk, 0)
            setattr(officer, name, by_officer.get(officer.pk, 0) + extra)
    return sorted(officers, key=lambda o: (-o.overdue, o.department, o.name))
