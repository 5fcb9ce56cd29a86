"""The charter clocks of imported cases, worked out in bulk by the charter's pure maths.

The same rules as the case services and the charter rebuild, without a query per case:
every clock starts when the case was logged (an open case with no department waits, as any
new case does, for routing to start them). A date the old system recorded meets its
clock (late if after the due date); a closed case's other clocks stop when it closed, a
breach kept on record, and it is never reminded. An open case's clocks whose dates passed
before the import are marked reminded, breached and escalated as of those dates, as the
sweep would have done, so reminders go from the import onwards only.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from wardcase.charter import sla
from wardcase.charter.clocks import PERIODS, council_calendar
from wardcase.charter.models import CharterRule, Clock
from wardcase.moving.checks import CheckedRow, at_noon

Kind, State = Clock.Kind, Clock.State


class ClockMaker:
    """Builds unsaved `Clock` rows for imported cases, caching terms and deadlines."""

    def __init__(
        self, *, first_year: int, directorate_of: dict[int, int | None], today: date
    ) -> None:
        self.today = today
        self.calendar = council_calendar(first_year, today.year + 1)
        self.rules = list(CharterRule.objects.all())
        self.directorate_of = directorate_of
        self._terms: dict[tuple[int | None, str], sla.CharterTerms] = {}
        # (started, amount, unit, remind days before, escalate after days) -> deadline
        self._deadlines: dict[tuple[datetime, int, str, int, int], sla.Deadline] = {}
        self._taken: dict[tuple[datetime, datetime], int] = {}  # (started, met) -> days

    def terms(self, *, department_id: int | None, case_type: str) -> sla.CharterTerms:
        key = (department_id, case_type)
        if key not in self._terms:
            self._terms[key] = sla.resolve_terms(
                self.rules,
                department_id=department_id,
                directorate_id=(
                    self.directorate_of.get(department_id) if department_id is not None else None
                ),
                case_type=case_type,
            )
        return self._terms[key]

    def _deadline(
        self, kind: Clock.Kind, started: datetime, terms: sla.CharterTerms
    ) -> tuple[int, str, sla.Deadline]:
        amount_field, unit = PERIODS[kind]
        amount = getattr(terms, amount_field)
        key = (started, amount, unit, terms.remind_days_before, terms.escalate_after_days)
        if key not in self._deadlines:
            self._deadlines[key] = sla.compute_deadline(
                started_at=timezone.localtime(started),
                amount=amount,
                unit=unit,
                calendar=self.calendar,
                remind_days_before=terms.remind_days_before,
                escalate_after_days=terms.escalate_after_days,
                today=self.today,
            )
        return amount, unit, self._deadlines[key]

    def _working_days(self, started: datetime, met: datetime) -> int:
        key = (started, met)
        if key not in self._taken:
            self._taken[key] = sla.working_days_taken(
                started_at=timezone.localtime(started),
                met_at=timezone.localtime(met),
                calendar=self.calendar,
            )
        return self._taken[key]

    def clocks(self, *, row: CheckedRow, case_type: str) -> list[Clock]:
        """The row's clocks, unsaved and with no case yet: the writer sets `case_id` once
        the cases are created."""
        if not row.closed and row.department_id is None:
            return []
        terms = self.terms(department_id=row.department_id, case_type=case_type)
        started = row.logged_at
        plan: list[tuple[Clock.Kind, datetime, datetime | None]] = [
            (Kind.ACKNOWLEDGE, started, row.acknowledged_at or row.responded_at),
            (Kind.RESPOND, started, row.responded_at),
            (Kind.RESOLVE, started, row.closed_at),
        ]
        if row.responded_at and not row.closed:
            plan.append((Kind.UPDATE, row.responded_at, None))
        return [self._clock(kind, at, met, row, terms) for kind, at, met in plan]

    def _clock(
        self,
        kind: Clock.Kind,
        started: datetime,
        met: datetime | None,
        row: CheckedRow,
        terms: sla.CharterTerms,
    ) -> Clock:
        amount, unit, deadline = self._deadline(kind, started, terms)
        clock = Clock(
            kind=kind,
            started_at=started,
            amount=amount,
            unit=unit,
            remind_days_before=terms.remind_days_before,
            escalate_after_days=terms.escalate_after_days,
            due_on=deadline.due_on,
            remind_on=deadline.remind_on,
            escalate_after=deadline.escalate_after,
        )
        late_from = at_noon(deadline.due_on + timedelta(days=1))
        if met is not None:
            clock.state, clock.met_at = State.MET, met
            clock.working_days = self._working_days(started, met)
            if timezone.localdate(met) > deadline.due_on:
                clock.breached_at = late_from
        elif row.closed_at is not None:  # closed: every clock not met stops then
            clock.state, clock.ended_at = State.STOPPED, row.closed_at
            if timezone.localdate(row.closed_at) > deadline.due_on:
                clock.breached_at = late_from
        else:
            clock.state = State.RUNNING
            if deadline.remind_on <= self.today:
                clock.reminded_at = at_noon(deadline.remind_on)
            if deadline.due_on < self.today:
                clock.state, clock.breached_at = State.BREACHED, late_from
                if deadline.escalate_after < self.today:
                    clock.escalated_at = at_noon(deadline.escalate_after)
        return clock
