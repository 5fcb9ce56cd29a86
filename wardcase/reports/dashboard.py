"""The summary panels above the coordinator's and the head of service's home page lists.

Each panel costs a fixed number of aggregate queries, whatever the number of cases, so
the dashboard's query count stays constant. Each reads only the rows it counts, through
an index: the cases logged since last month began or awaiting routing, and the live
clocks past their date (partial indexes on both), never every case or clock.

The deadline figures come from the deadline tally (`wardcase.cases.tally`) while it is
fresh, and the panel says when it was taken; otherwise they are counted live.
"""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from wardcase.accounts.models import Role
from wardcase.cases.choices import OPEN_STATUSES
from wardcase.cases.selectors import visible_cases
from wardcase.cases.tally import (
    CLOCK_COUNTS,
    LOGGED_COUNTS,
    Months,
    clock_counts,
    fresh_tally,
    named_only_cases,
    officer_figures,
    summed,
    tallied_rows,
)
from wardcase.charter.models import Clock
from wardcase.charter.querysets import overdue_q
from wardcase.permissions.grants import departments_run_by

State = Clock.State
BEHIND_SHOWN = 3


@dataclass(frozen=True)
class Behind:
    """A department in the "furthest behind" panel, with its overdue deadlines."""

    name: str
    overdue: int


def coordinator_panel(*, user):
    """New and unassigned, overdue now, the departments furthest behind, and cases
    logged this month against last month: three queries, or five small ones from the
    deadline tally."""
    today = timezone.localdate()
    months = Months(today)
    cases = visible_cases(user=user)
    # Read from a covering index alone (no table rows): the cases awaiting routing.
    unassigned = cases.filter(status__in=OPEN_STATUSES, department__isnull=True).count()
    taken = fresh_tally()
    if taken:
        by_department = _overdue_by_department(named_only_cases(user=user), today)
        tallied = tallied_rows(user=user)
        rows = tallied.filter(overdue__gt=0).values("department_id", "department__name")
        for row in rows.annotate(n=Sum("overdue")):
            name, n = by_department.get(row["department_id"], (row["department__name"], 0))
            by_department[row["department_id"]] = (name, n + row["n"])
        named = named_only_cases(user=user, open_only=False).filter(created_at__gte=months.since)
        live = named.aggregate(**months.logged_counts())
        logged = summed(tallied, *LOGGED_COUNTS)
        counts = {name: live[name] + logged[name] for name in LOGGED_COUNTS}
    else:
        by_department = _overdue_by_department(cases, today)
        # From one covering index alone: as one query with the unassigned count,
        # PostgreSQL read every such case's row (135,000 pages at a million cases).
        counts = cases.filter(created_at__gte=months.since).aggregate(**months.logged_counts())
    overdue, behind = _ranked(by_department)
    return {
        "kind": "coordinator",
        "unassigned": unassigned,
        "overdue": overdue,
        "behind": behind,
        "this_month": counts["logged_this_month"],
        "last_month": counts["logged_last_month"],
        "last_month_to_date": counts["logged_last_month_to_date"],
        "same_day_last_month": months.same_day_last_month,
        "this_month_start": months.this_month,
        "last_month_start": months.last_month,
        "tally_taken_at": taken.at if taken else None,
    }


def _overdue_by_department(cases, today):
    """{department id: (name, overdue deadlines)} on these cases (None for cases awaiting
    routing): one query, over the open cases and their live clocks past their date only
    (partial indexes on both), so it reads neither the council's closed history nor its
    met clocks. Closing a case stops its clocks, so every live clock is on an open case."""
    rows = (
        cases.filter(status__in=OPEN_STATUSES)
        .filter(overdue_q(today, "clocks__"))
        .order_by()
        .values("department_id", "department__name")
        # One row per overdue clock: counting rows, not clock ids, lets PostgreSQL read
        # the clocks from their partial index alone.
        .annotate(overdue=Count("pk"))
    )
    return {row["department_id"]: (row["department__name"], row["overdue"]) for row in rows}


def _ranked(by_department):
    """(overdue deadlines in all, the BEHIND_SHOWN departments with most)."""
    behind = sorted(
        (Behind(name, n) for department, (name, n) in by_department.items() if department and n),
        key=lambda department: (-department.overdue, department.name),
    )
    return sum(n for _name, n in by_department.values()), behind[:BEHIND_SHOWN]


def head_panel(*, user):
    """The head's departments' live clocks (running, due soon, overdue) and each of
    their officers' open and overdue cases: four queries (the clocks, the officers,
    their open cases, their overdue clocks), whatever the number of cases or officers.
    While the deadline tally is fresh, those queries count only the cases the head sees
    by being named on them, and the tally's rows are added to them."""
    today = timezone.localdate()
    departments = sorted(departments_run_by(user))
    taken = fresh_tally()
    # Only live clocks count below, and closing a case stops its clocks: saying both
    # keeps met and stopped clocks and closed cases unread.
    if taken:
        open_cases = named_only_cases(user=user).filter(department__in=departments)
    else:
        open_cases = visible_cases(user=user).filter(
            department__in=departments, status__in=OPEN_STATUSES
        )
    clocks = Clock.objects.filter(
        state__in=Clock.LIVE_STATES, case__in=open_cases.values("pk")
    ).aggregate(**clock_counts(today))
    if taken:
        tallied = summed(tallied_rows(user=user).filter(department__in=departments), *CLOCK_COUNTS)
        clocks = {name: clocks[name] + tallied[name] for name in CLOCK_COUNTS}
    officers = officer_figures(user=user, departments=departments, taken=taken)
    return {
        "kind": "head",
        **clocks,
        "officers": list(officers),
        "tally_taken_at": taken.at if taken else None,
    }


def dashboard_panel(*, user):
    """The panel for this user's home page, or None for roles without one."""
    if user.role == Role.COORDINATOR:
        return coordinator_panel(user=user)
    if user.role == Role.HEAD_OF_SERVICE:
        return head_panel(user=user)
    return None
