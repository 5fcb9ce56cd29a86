"""The charter sweep: reminders before deadlines, breaches after them, and escalation.

Set-based: each batch of a step picks the clocks whose dates have come through the step's
index, then moves them with one UPDATE, guarded by their current state, that returns the
clocks it moved, so they are never read again; their cases are read once, and their
timeline entries written by one multi-row INSERT (each distinct text worded once). Their
notices are written in bulk too; only what must be worked out per message (its
Message-ID, signed reply address and thread) is done per row, in the mail app, without
model objects.
Only the clocks whose dates came today cost anything, so the sweep stays fast with a
million open cases. Run twice, or by two workers at once, it does nothing
twice: a named lock keeps sweeps apart, and each UPDATE only moves clocks still in the
state the step expects, in the same transaction as the notices it writes.
"""

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from wardcase.cases.models import Case as CaseModel
from wardcase.cases.models import CaseEvent
from wardcase.cases.services.report_rollup import rollup_mark_stale
from wardcase.charter.clocks import council_calendar, working_time
from wardcase.charter.models import Clock, Pause
from wardcase.core.bulk import insert_rows, update_returning
from wardcase.core.collector import collector_paused
from wardcase.core.locks import command_lock
from wardcase.core.lookups import Ids
from wardcase.core.notifications import Notice, notify_in_bulk

State = Clock.State
# Clocks moved per transaction. Each batch costs about ten statements besides its rows;
# at a million cases 5,000 took 7% less CPU than 2,000 for a week's sweep, and 10,000
# no less than 5,000 while holding its locks twice as long.
BATCH = 5000
LOCK_FOR = timedelta(minutes=30)
# A moved clock as its notices need it: (kind, due_on, case id, reference, subject,
# lead officer, head of the department); the last five are its case's `CASE_FIELDS`.
ROW_FIELDS = ["kind", "due_on", "case_id", "reference", "subject", "lead_officer", "head"]
CASE_FIELDS = ["pk", "reference", "subject", "lead_officer_id", "department__head_id"]
Row = tuple[Any, ...]
CASE_ID, LEAD, HEAD = 2, 5, 6
Notices = Callable[[list[Row], datetime], None]
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
            # In the order of the step's own date: its index then reads only the clocks
            # due, and stops at the batch's end. (By id, PostgreSQL walked every clock
            # ever kept, 3.5 million at a million cases, to find none due; by date and
            # id, it read and sorted the whole of each date's clocks for every batch.)
            picked = Clock.objects.filter(due).order_by(by)
            if connection.features.has_select_for_update_skip_locked:
                picked = picked.select_for_update(skip_locked=True)
            # Picked first, by themselves: as a subquery of the UPDATE, PostgreSQL may
            # run a locking LIMIT again per row and move more than a batch.
            ids = Ids(picked.values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            # The state guard again: a clock met since it was picked is left alone.
            # The moved clocks come back from the UPDATE: their timeline texts,
            # notices and cases all come from these rows.
            moved = update_returning(
                Clock.objects.filter(due, pk__any=ids),
                changes,
                ["id", "kind", "due_on", "case_id"],
            )
            if not moved:
                continue  # all met since they were picked; the next pick finds others
            moved.sort(key=lambda clock: (clock[2], clock[0]))  # by date, as they fell due
            rows = _rows(moved)
            notices(rows, at)
            if "state" in changes:  # a breach is a decided deadline in the reports
                rollup_mark_stale(case_ids={row[CASE_ID] for row in rows})
            total += len(moved)


def _rows(moved: list[Row]) -> list[Row]:
    """Each moved clock (id, kind, due_on, case id) as its notices need it (`ROW_FIELDS`),
    its case read once for the batch."""
    cases = {
        case[0]: case[1:]
        for case in CaseModel.objects.filter(pk__any=Ids(clock[3] for clock in moved))
        .order_by()
        .values_list(*CASE_FIELDS)
    }
    return [(kind, due_on, case_id, *cases[case_id]) for _pk, kind, due_on, case_id in moved]


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
    rows: list[Row],
    at: datetime,
    *,
    kind: str,
    visibility: str,
    body: Callable[[str, date], str],
) -> None:
    """One timeline entry per moved clock, written by one multi-row INSERT. The text
    and data depend only on the clock's kind and date: worded once for each."""
    worded = {
        key: (body(*key), json.dumps({"clock": key[0], "due_on": key[1].isoformat()}))
        for key in {row[:2] for row in rows}
    }
    created_at = connection.ops.adapt_datetimefield_value(at)
    insert_rows(
        CaseEvent,
        ["case", "kind", "author", "created_at", "visibility", "body", "data"],
        (
            (row[CASE_ID], str(kind), None, created_at, str(visibility), *worded[row[:2]])
            for row in rows
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


def _reminder_notices(rows: list[Row], at: datetime) -> None:
    _timeline(
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


def _breach_notices(rows: list[Row], at: datetime) -> None:
    _timeline(
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


def _escalation_notices(rows: list[Row], at: datetime) -> None:
    _timeline(
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
