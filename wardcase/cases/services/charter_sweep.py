"""The charter sweep: reminders before deadlines, breaches after them, and escalation.

Set-based: each step selects the clocks whose dates have come with one indexed query,
moves them on with one UPDATE guarded by their current state, and writes their timeline
entries with one INSERT ... SELECT (each distinct text worded once). Their notices are
written in bulk too; only what must be worked out per message (its Message-ID, signed
reply address and thread) is done per row, in the mail app, without model objects.
Only the clocks whose dates came today cost anything, so the sweep stays fast with a
million open cases. Run twice, or by two workers at once, it does nothing
twice: a named lock keeps sweeps apart, and each UPDATE only moves clocks still in the
state the step expects, in the same transaction as the notices it writes.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import EventKind, Visibility
from wardcase.cases.models import Case as CaseModel
from wardcase.cases.models import CaseEvent
from wardcase.cases.services.report_rollup import rollup_mark_stale
from wardcase.charter.clocks import council_calendar, working_time
from wardcase.charter.models import Clock, Pause
from wardcase.core.bulk import insert_from_select
from wardcase.core.collector import collector_paused
from wardcase.core.locks import command_lock
from wardcase.core.notifications import Notice, notify_in_bulk

State = Clock.State
BATCH = 2000
LOCK_FOR = timedelta(minutes=30)
# A moved clock as its notices need it: (kind, due_on, case id, reference, subject,
# lead officer, head of the department).
ROW_FIELDS = [
    *("kind", "due_on", "case_id", "case__reference", "case__subject"),
    *("case__lead_officer_id", "case__department__head_id"),
]
Row = tuple[Any, ...]
CASE_ID, LEAD, HEAD = 2, 5, 6
Notices = Callable[[QuerySet[Clock], list[Row], datetime], None]
Recipients = Callable[[Row], Collection[int | None]]


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
        # Each batch makes tens of thousands of short-lived objects (notices, messages,
        # rows): the cycle collector waits until the batch is written.
        with transaction.atomic(), collector_paused():
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
            batch = Q(pk__any=ids)  # one array parameter on PostgreSQL
            moved = Clock.objects.filter(due, batch).update(**changes)
            if moved:
                # The moved clocks are read once: their timeline texts, notices and
                # cases all come from these rows.
                clocks = Clock.objects.filter(batch, **changes).order_by("due_on", "pk")
                rows = list(clocks.values_list(*ROW_FIELDS))
                notices(clocks, rows, at)
                if "state" in changes:  # a breach is a decided deadline in the reports
                    rollup_mark_stale(case_ids={row[CASE_ID] for row in rows})
            total += moved


# What each deadline is for, as a sentence says it: "the acknowledgement was due by ...".
WHAT: dict[str, Any] = {
    Clock.Kind.ACKNOWLEDGE: _lazy("acknowledgement"),
    Clock.Kind.RESPOND: _lazy("full response"),
    Clock.Kind.UPDATE: _lazy("written update"),
    Clock.Kind.RESOLVE: _lazy("resolution or closure"),
}


def _day(due_on: date) -> str:
    return date_format(due_on, "j F Y")


def _timeline(
    moved: QuerySet[Clock],
    rows: list[Row],
    at: datetime,
    *,
    kind: str,
    visibility: str,
    body: Callable[[str, date], str],
) -> None:
    """One timeline entry per moved clock, written by one INSERT ... SELECT. The text
    depends only on the clock's kind and date: worded once for each in Python, and
    picked per row by a CASE."""
    worded = [
        When(kind=clock_kind, due_on=due_on, then=Value(body(clock_kind, due_on)))
        for clock_kind, due_on in sorted({row[:2] for row in rows})
    ]
    insert_from_select(
        CaseEvent,
        ["case", "kind", "author", "created_at", "visibility", "body", "data"],
        moved.values_list(
            F("case_id"),
            Value(kind),
            Value(None, output_field=IntegerField()),
            Value(at, output_field=DateTimeField()),
            Value(visibility),
            Case(*worded, output_field=TextField()),
            JSONObject(clock=F("kind"), due_on=F("due_on")),
        ),
    )


@dataclass(frozen=True, slots=True)
class CaseText:
    """What a sweep notice prints of a case (its templates read no more), read with the
    clocks instead of loading each case."""

    pk: int
    reference: str
    subject: str

    def get_absolute_url(self) -> str:
        return str(CaseModel(reference=self.reference).get_absolute_url())


def _notices(rows: list[Row], recipients: Recipients, template: str) -> None:
    """Tell each moved clock's recipients, in bulk: (clock row -> user ids) -> outbox rows."""
    wanted = [(row, user_id) for row in rows for user_id in recipients(row) if user_id]
    users = User.objects.in_bulk({user_id for _row, user_id in wanted})
    contexts = {key: {"what": str(WHAT[key[0]]), "due_on": key[1]} for key in {r[:2] for r in rows}}
    cases = {r[2]: CaseText(pk=r[2], reference=r[3], subject=r[4]) for r in rows}
    notify_in_bulk(
        notices=[
            Notice(
                user=users[user_id],
                case=cases[row[2]],
                template=template,
                context=contexts[row[:2]],
                digestible=True,
            )
            for row, user_id in wanted
            if user_id in users
        ]
    )


def _reminder_notices(moved: QuerySet[Clock], rows: list[Row], at: datetime) -> None:
    _timeline(
        moved,
        rows,
        at,
        kind=EventKind.REMINDER,
        visibility=Visibility.INTERNAL,
        body=lambda kind, due_on: (
            _("Reminder: the %(what)s is due by %(due)s.")
            % {"what": WHAT[kind], "due": _day(due_on)}
        ),
    )
    _notices(rows, lambda r: [r[LEAD]], "cases/notices/reminder.txt")


def _breach_notices(moved: QuerySet[Clock], rows: list[Row], at: datetime) -> None:
    _timeline(
        moved,
        rows,
        at,
        kind=EventKind.DEADLINE_MISSED,
        visibility=Visibility.EVERYONE,
        body=lambda kind, due_on: (
            _("Deadline missed: the %(what)s was due by %(due)s.")
            % {"what": WHAT[kind], "due": _day(due_on)}
        ),
    )
    _notices(rows, lambda r: {r[LEAD], r[HEAD]}, "cases/notices/overdue.txt")


def _escalation_notices(moved: QuerySet[Clock], rows: list[Row], at: datetime) -> None:
    _timeline(
        moved,
        rows,
        at,
        kind=EventKind.ESCALATED,
        visibility=Visibility.INTERNAL,
        body=lambda kind, due_on: (
            _("Still overdue: the %(what)s was due by %(due)s. Coordinators told.")
            % {"what": WHAT[kind], "due": _day(due_on)}
        ),
    )
    coordinators = list(
        User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("pk", flat=True)
    )
    _notices(rows, lambda r: coordinators, "cases/notices/escalation.txt")
