"""The deadline tally: the open cases and live charter deadlines behind the coordinator's
and the head of service's home-page summaries, counted every few minutes.

Counted live, those summaries read every overdue deadline the user may see on each visit
(about 213,000 at a million cases, a third of a second). The tally counts them once per
department, lead officer and restricted flag, in grouped queries over the open cases,
their live clocks and the cases logged since last month began (`manage.py
dashboard_refresh`, a periodic command every WARDCASE_DASHBOARD_REFRESH_SECONDS); a
summary then adds up a few hundred rows.

Permissions hold as for a live count. Staff see cases by where they sit
(`department_reach_q`, written on a case's department and restricted flag, which the
tally rows carry under the same names) and by being named on them (`named_reach_q`: lead
officer, helper, shared). The first part is read from the tally rows; the second, outside
the first, is a handful of cases counted live beside it.

A tally counts against the day it was taken and goes stale: it is used only when taken
today and within WARDCASE_DASHBOARD_MAX_AGE_SECONDS, and the panels count live otherwise.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from wardcase.accounts.models import User
from wardcase.cases.charter_selectors import officer_queues
from wardcase.cases.choices import OPEN_STATUSES
from wardcase.cases.models import Case, DeadlineTally, TallyTaken
from wardcase.charter.models import Clock
from wardcase.charter.querysets import overdue_q
from wardcase.permissions.visibility import department_reach_q, named_reach_q

State = Clock.State
CLOCK_COUNTS = ("running", "running_cases", "due_soon", "overdue", "paused")


def clock_counts(today: date) -> dict[str, Count]:
    """The summaries' counts of live clocks, as aggregates over `Clock` rows."""
    running = Q(state=State.RUNNING, due_on__gte=today)
    return {
        "running": Count("pk", filter=running),
        # A case runs several deadlines at once (response, update, resolve): the count of
        # cases beside them keeps "22 deadlines" from reading as 22 of 18 cases.
        "running_cases": Count("case", filter=running, distinct=True),
        "due_soon": Count("pk", filter=running & Q(remind_on__lte=today)),
        "overdue": Count("pk", filter=overdue_q(today)),
        "paused": Count("pk", filter=Q(state=State.PAUSED)),
    }


@dataclass(frozen=True)
class Months:
    """This month, last month, and the same point of last month as today (its last day
    if it is shorter), so a month under way is compared with last month as it stood."""

    today: date

    @property
    def this_month(self) -> date:
        return self.today.replace(day=1)

    @property
    def last_month(self) -> date:
        return (self.this_month - timedelta(days=1)).replace(day=1)

    @property
    def same_day_last_month(self) -> date:
        last_day = (self.this_month - self.last_month).days
        return self.last_month.replace(day=min(self.today.day, last_day))

    @property
    def since(self) -> datetime:
        """Midnight as last month began: every case the counts read was logged since."""
        return _start_of(self.last_month)

    def logged_counts(self) -> dict[str, Count]:
        """Cases logged this month, last month, and last month to the same day, as
        aggregates over `Case` rows logged `since`."""
        next_month = (self.this_month + timedelta(days=31)).replace(day=1)
        created = {"created_at__gte": self.since}
        return {
            "logged_this_month": Count(
                "pk",
                filter=Q(
                    created_at__gte=_start_of(self.this_month),
                    created_at__lt=_start_of(next_month),
                ),
            ),
            "logged_last_month": Count(
                "pk", filter=Q(**created, created_at__lt=_start_of(self.this_month))
            ),
            "logged_last_month_to_date": Count(
                "pk",
                filter=Q(
                    **created,
                    created_at__lt=_start_of(self.same_day_last_month + timedelta(days=1)),
                ),
            ),
        }


LOGGED_COUNTS = ("logged_this_month", "logged_last_month", "logged_last_month_to_date")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Taken:
    """A tally fresh enough to read: when it was taken."""

    at: datetime


def deadline_tally_refresh(*, at: datetime | None = None) -> int:
    """Count the open cases, their live clocks and the cases logged since last month
    began afresh, replacing the tally as one change; returns the number of rows. Three
    grouped queries, whatever the council's size."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    keys = ("department_id", "lead_officer_id", "restricted")
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).order_by()
    rows: dict[tuple, dict[str, int]] = {}
    for row in open_cases.values(*keys).annotate(n=Count("pk")):
        rows[tuple(row[key] for key in keys)] = {"open_cases": row["n"]}
    clocks = Clock.objects.filter(state__in=Clock.LIVE_STATES, case__status__in=OPEN_STATUSES)
    clock_keys = tuple(f"case__{key}" for key in keys)
    for row in clocks.order_by().values(*clock_keys).annotate(**clock_counts(today)):
        counts = rows.setdefault(tuple(row[key] for key in clock_keys), {})
        counts.update({name: row[name] for name in CLOCK_COUNTS})
    months = Months(today)
    logged = Case.objects.filter(created_at__gte=months.since).order_by()
    for row in logged.values(*keys).annotate(**months.logged_counts()):
        counts = rows.setdefault(tuple(row[key] for key in keys), {})
        counts.update({name: row[name] for name in LOGGED_COUNTS})
    with transaction.atomic():
        # One tally at a time: updating the one row locks it, so a second refresh waits
        # here, then deletes and replaces this one's rows once it has committed.
        TallyTaken.objects.get_or_create(pk=1, defaults={"taken_at": at, "today": today})
        TallyTaken.objects.filter(pk=1).update(taken_at=at, today=today)
        DeadlineTally.objects.all().delete()
        DeadlineTally.objects.bulk_create(
            DeadlineTally(
                department_id=department, lead_officer_id=lead, restricted=restricted, **counts
            )
            for (department, lead, restricted), counts in rows.items()
        )
    return len(rows)


def fresh_tally(*, now: datetime | None = None) -> Taken | None:
    """The tally, if it was taken today and recently enough to show; else None."""
    now = now or timezone.now()
    taken = TallyTaken.objects.filter(pk=1).first()
    if taken is None or taken.today != timezone.localdate(now):
        return None
    if taken.taken_at < now - timedelta(seconds=settings.WARDCASE_DASHBOARD_MAX_AGE_SECONDS):
        return None
    return Taken(at=taken.taken_at)


def tallied_rows(*, user: User) -> QuerySet[DeadlineTally]:
    """The tally rows of the cases `user` sees by where they sit."""
    return DeadlineTally.objects.filter(department_reach_q(user)).order_by()


def named_only_cases(*, user: User, open_only: bool = True) -> QuerySet[Case]:
    """The (open) cases `user` sees only by being named on them: those the tally rows
    they read leave out, to count live beside them.

    Not narrowed by `visible_cases` again: the named cases are part of what the user
    sees, and ANDed with the whole visibility filter PostgreSQL read the department's
    cases through it to find a handful."""
    cases = Case.objects.filter(named_reach_q(user))
    if open_only:
        cases = cases.filter(status__in=OPEN_STATUSES)
    return cases.exclude(department_reach_q(user))


def summed(rows: QuerySet[DeadlineTally], *names: str) -> dict[str, int]:
    """The sum of each count over these tally rows (0 for none)."""
    totals = rows.aggregate(**{name: Sum(name) for name in names})
    return {name: totals[name] or 0 for name in names}


def officer_figures(*, user: User, departments: Any, taken: Taken | None) -> list[User]:
    """`officer_queues`: from the tally where it is fresh (`taken`, from `fresh_tally`),
    with only the cases the user sees by being named on them counted live; otherwise
    counted live. The one place the officers' tables decide between the two."""
    if taken is None:
        return officer_queues(user=user, departments=departments)
    return officer_queues(user=user, departments=departments, **_tallied_queues(user=user))


def _tallied_queues(*, user: User) -> dict:
    """officer_queues' arguments to count the officers' cases from the tally: live only
    over the cases the user sees by being named on them, the tally's figures beside."""
    rows = tallied_rows(user=user).exclude(lead_officer=None)
    counts = rows.values("lead_officer_id").annotate(
        open_cases=Sum("open_cases"), overdue=Sum("overdue")
    )
    tallied: dict[str, dict[int, int]] = {"open_cases": {}, "overdue": {}}
    for row in counts:
        tallied["open_cases"][row["lead_officer_id"]] = row["open_cases"]
        tallied["overdue"][row["lead_officer_id"]] = row["overdue"]
    return {"cases": named_only_cases(user=user), "tallied": tallied}
