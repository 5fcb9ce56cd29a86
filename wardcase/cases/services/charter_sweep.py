"""The charter sweep: reminders before deadlines, breaches after them, and escalation.

Set-based: each step selects the clocks whose dates have come with one indexed query,
moves them on with one UPDATE guarded by their current state, and writes their timeline
entries in bulk. Only the clocks whose dates came today cost anything, so the sweep stays
fast with a million open cases. Run twice, or by two workers at once, it does nothing
twice: a named lock keeps sweeps apart, and each UPDATE only moves clocks still in the
state the step expects, in the same transaction as the notices it writes.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import EventKind, Visibility
from wardcase.cases.models import Case, CaseEvent
from wardcase.charter.clocks import council_calendar, working_time
from wardcase.charter.models import Clock, Pause
from wardcase.core.locks import command_lock
from wardcase.core.notifications import Notice, notify_many

State = Clock.State
BATCH = 2000
LOCK_FOR = timedelta(minutes=30)
ROW_FIELDS = [
    "pk",
    "kind",
    "due_on",
    "case_id",
    "case__lead_officer_id",
    "case__department__head_id",
]
# A clock as the sweep reads it: ROW_FIELDS -> values.
Row = dict[str, Any]
Notices = Callable[[list[Row], datetime], None]


@dataclass
class SweepResult:
    evaluated: int = 0
    reminded: int = 0
    breached: int = 0
    escalated: int = 0
    in_working_hours: bool = False
    ran: bool = True


def sla_sweep(*, at: datetime | None = None) -> SweepResult:
    """Evaluate every open case's clocks as at `at` (default now). Returns what it did."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    with command_lock("sla_sweep") as held:
        if not held:
            return SweepResult(ran=False)
        result = SweepResult(in_working_hours=working_time(at, council_calendar(today.year)))
        result.evaluated = Clock.objects.filter(state__in=[State.RUNNING, State.BREACHED]).count()
        result.breached = _step(
            Q(state=State.RUNNING, due_on__lt=today),
            {"state": State.BREACHED, "breached_at": at},
            at,
            _breach_notices,
            by="due_on",
        )
        result.escalated = _step(
            Q(state=State.BREACHED, escalated_at__isnull=True, escalate_after__lt=today)
            & ~Exists(Pause.objects.filter(case=OuterRef("case_id"), ended_at__isnull=True)),
            {"escalated_at": at},
            at,
            _escalation_notices,
            by="escalate_after",
        )
        if result.in_working_hours:
            result.reminded = _step(
                Q(state=State.RUNNING, reminded_at__isnull=True, remind_on__lte=today),
                {"reminded_at": at},
                at,
                _reminder_notices,
                by="remind_on",
            )
    return result


def _step(
    due: Q | Combinable, changes: dict[str, object], at: datetime, notices: Notices, *, by: str
) -> int:
    """Move every clock matching `due` by `changes`, in batches taken in order of the
    date `by`, with its notices."""
    total = 0
    while True:
        with transaction.atomic():
            # In the order of the step's own date: its `(state, date)` index then reads
            # only the clocks due. (By id, PostgreSQL walked every clock ever kept, 3.5
            # million at a million cases, to find none due.)
            candidates = Clock.objects.filter(due).order_by(by, "pk")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            ids = list(candidates.values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            # The state guard again: a clock met since it was read is left alone.
            moved = Clock.objects.filter(due, pk__in=ids).update(**changes)
            if moved:
                rows = list(Clock.objects.filter(pk__in=ids, **changes).values(*ROW_FIELDS))
                notices(rows, at)
            total += moved


# What each deadline is for, as a sentence says it: "the acknowledgement was due by ...".
WHAT = {
    Clock.Kind.ACKNOWLEDGE: _lazy("acknowledgement"),
    Clock.Kind.RESPOND: _lazy("full response"),
    Clock.Kind.UPDATE: _lazy("written update"),
    Clock.Kind.RESOLVE: _lazy("resolution or closure"),
}


def _what(row: Row) -> str:
    return str(WHAT[row["kind"]])


def _day(row: Row) -> str:
    return date_format(row["due_on"], "j F Y")


def _timeline(
    rows: list[Row], at: datetime, *, kind: str, visibility: str, body: Callable[[Row], str]
) -> None:
    # The text depends only on the clock's kind and date: worded once for each.
    bodies: dict[tuple[str, object], str] = {}
    for row in rows:
        key = (row["kind"], row["due_on"])
        if key not in bodies:
            bodies[key] = body(row)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=row["case_id"],
                kind=kind,
                author=None,
                created_at=at,
                visibility=visibility,
                body=bodies[row["kind"], row["due_on"]],
                data={"clock": row["kind"], "due_on": row["due_on"].isoformat()},
            )
            for row in rows
        ]
    )


def _notices(
    rows: list[Row], recipients: Callable[[Row], Collection[int | None]], template: str
) -> None:
    """Tell each row's recipients, in bulk: (row -> user ids) -> outbox rows."""
    cases = Case.objects.only("id", "reference", "subject").in_bulk(
        {row["case_id"] for row in rows}
    )
    wanted = [(row, user_id) for row in rows for user_id in recipients(row) if user_id]
    users = User.objects.in_bulk({user_id for _row, user_id in wanted})
    whats = {kind: str(what) for kind, what in WHAT.items()}
    notify_many(
        notices=[
            Notice(
                user=users[user_id],
                case=cases[row["case_id"]],
                template=template,
                context={"what": whats[row["kind"]], "due_on": row["due_on"]},
                digestible=True,
            )
            for row, user_id in wanted
            if user_id in users
        ]
    )


def _reminder_notices(rows: list[Row], at: datetime) -> None:
    _timeline(
        rows,
        at,
        kind=EventKind.REMINDER,
        visibility=Visibility.INTERNAL,
        body=lambda r: (
            _("Reminder: the %(what)s is due by %(due)s.") % {"what": _what(r), "due": _day(r)}
        ),
    )
    _notices(
        rows,
        lambda r: [r["case__lead_officer_id"]],
        "cases/notices/reminder.txt",
    )


def _breach_notices(rows: list[Row], at: datetime) -> None:
    _timeline(
        rows,
        at,
        kind=EventKind.DEADLINE_MISSED,
        visibility=Visibility.EVERYONE,
        body=lambda r: (
            _("Deadline missed: the %(what)s was due by %(due)s.")
            % {"what": _what(r), "due": _day(r)}
        ),
    )
    _notices(
        rows,
        lambda r: {r["case__lead_officer_id"], r["case__department__head_id"]},
        "cases/notices/overdue.txt",
    )


def _escalation_notices(rows: list[Row], at: datetime) -> None:
    _timeline(
        rows,
        at,
        kind=EventKind.ESCALATED,
        visibility=Visibility.INTERNAL,
        body=lambda r: (
            _("Still overdue: the %(what)s was due by %(due)s. Coordinators told.")
            % {"what": _what(r), "due": _day(r)}
        ),
    )
    coordinators = list(
        User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("pk", flat=True)
    )
    _notices(
        rows,
        lambda r: coordinators,
        "cases/notices/escalation.txt",
    )
