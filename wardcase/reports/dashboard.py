"""The summary panels above the coordinator's and the head of service's home page lists.

Each panel costs a fixed number of aggregate queries, whatever the number of cases, so
the dashboard's query count stays constant. Each reads only the rows it counts, through
an index: the cases logged since last month began or awaiting routing, and the live
clocks past their date (partial indexes on both), never every case or clock.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from wardcase.accounts.models import Role
from wardcase.cases.charter_selectors import officer_queues
from wardcase.cases.choices import OPEN_STATUSES
from wardcase.cases.selectors import visible_cases
from wardcase.charter.models import Clock
from wardcase.permissions.grants import departments_run_by

State = Clock.State
BEHIND_SHOWN = 3


def _overdue_q(today, prefix=""):
    return Q(**{f"{prefix}state": State.BREACHED}) | Q(
        **{f"{prefix}state": State.RUNNING, f"{prefix}due_on__lt": today}
    )


@dataclass(frozen=True)
class Behind:
    """A department in the "furthest behind" panel, with its overdue deadlines."""

    name: str
    overdue: int


def _month_starts(today):
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    next_month = (this_month + timedelta(days=31)).replace(day=1)
    return this_month, last_month, next_month


def coordinator_panel(*, user):
    """New and unassigned, overdue now, the departments furthest behind, and cases
    logged this month against last month: three queries."""
    today = timezone.localdate()
    this_month, last_month, next_month = _month_starts(today)
    zone = timezone.get_current_timezone()

    def start_of(day):
        return datetime.combine(day, time.min, tzinfo=zone)

    # The same point of last month (its last day if it is shorter), so a month under way
    # is compared with last month as it stood on the same day.
    same_day_last_month = last_month.replace(day=min(today.day, (this_month - last_month).days))
    cases = visible_cases(user=user)
    # Two counts, each read from one covering index alone (no table rows): the cases
    # awaiting routing, and those logged since last month began. As one query over
    # either, PostgreSQL read every such case's row (135,000 pages at a million cases).
    unassigned = cases.filter(status__in=OPEN_STATUSES, department__isnull=True).count()
    since_last_month = start_of(last_month)
    counts = cases.filter(created_at__gte=since_last_month).aggregate(
        this_month=Count(
            "pk",
            filter=Q(created_at__gte=start_of(this_month), created_at__lt=start_of(next_month)),
        ),
        last_month=Count(
            "pk",
            filter=Q(created_at__gte=since_last_month, created_at__lt=start_of(this_month)),
        ),
        last_month_to_date=Count(
            "pk",
            filter=Q(
                created_at__gte=since_last_month,
                created_at__lt=start_of(same_day_last_month + timedelta(days=1)),
            ),
        ),
    )
    overdue, behind = _overdue_by_department(cases, today)
    return {
        "kind": "coordinator",
        "unassigned": unassigned,
        "overdue": overdue,
        "behind": behind,
        "this_month": counts["this_month"],
        "last_month": counts["last_month"],
        "last_month_to_date": counts["last_month_to_date"],
        "same_day_last_month": same_day_last_month,
        "this_month_start": this_month,
        "last_month_start": last_month,
    }


def _overdue_by_department(cases, today):
    """(overdue deadlines on these cases in all, the BEHIND_SHOWN departments with most):
    one query, over the open cases and their live clocks past their date only (partial
    indexes on both), so it reads neither the council's closed history nor its met
    clocks. Closing a case stops its clocks, so every live clock is on an open case."""
    rows = (
        cases.filter(status__in=OPEN_STATUSES)
        .filter(_overdue_q(today, "clocks__"))
        .order_by()
        .values("department_id", "department__name")
        # One row per overdue clock: counting rows, not clock ids, lets PostgreSQL read
        # the clocks from their partial index alone.
        .annotate(overdue=Count("pk"))
    )
    rows = list(rows)
    behind = sorted(
        (Behind(row["department__name"], row["overdue"]) for row in rows if row["department_id"]),
        key=lambda department: (-department.overdue, department.name),
    )
    return sum(row["overdue"] for row in rows), behind[:BEHIND_SHOWN]


def head_panel(*, user):
    """The head's departments' live clocks (running, due soon, overdue) and each of
    their officers' open and overdue cases: four queries (the clocks, the officers,
    their open cases, their overdue clocks), whatever the number of cases or officers."""
    today = timezone.localdate()
    departments = sorted(departments_run_by(user))
    # Only live clocks count below, and closing a case stops its clocks: saying both
    # keeps met and stopped clocks and closed cases unread.
    open_cases = visible_cases(user=user).filter(
        department__in=departments, status__in=OPEN_STATUSES
    )
    clocks = Clock.objects.filter(
        state__in=Clock.LIVE_STATES, case__in=open_cases.values("pk")
    ).aggregate(
        running=Count("pk", filter=Q(state=State.RUNNING, due_on__gte=today)),
        # A case runs several deadlines at once (response, update, resolve): the count of
        # cases beside them keeps "22 deadlines" from reading as 22 of 18 cases.
        running_cases=Count(
            "case", filter=Q(state=State.RUNNING, due_on__gte=today), distinct=True
        ),
        due_soon=Count(
            "pk", filter=Q(state=State.RUNNING, due_on__gte=today, remind_on__lte=today)
        ),
        overdue=Count("pk", filter=_overdue_q(today)),
        paused=Count("pk", filter=Q(state=State.PAUSED)),
    )
    officers = officer_queues(user=user, departments=departments)
    return {"kind": "head", **clocks, "officers": list(officers)}


def dashboard_panel(*, user):
    """The panel for this user's home page, or None for roles without one."""
    if user.role == Role.COORDINATOR:
        return coordinator_panel(user=user)
    if user.role == Role.HEAD_OF_SERVICE:
        return head_panel(user=user)
    return None
