"""A generated case's charter clocks, kept in step with its timeline as the services would.

Each step of a generated timeline calls the method named after the clock function the
case services call (`charter/clocks.py`), with the same rules: assignment starts the
acknowledge, response and resolve clocks; an officer's entry meets what it answers and a
full response starts the update clock; proposing closure meets the resolve and update
clocks; closing stops the rest; reopening starts an update clock; a pause stops the
running ones. Dates come from the charter's pure maths (`sla.py`), cached, since a
million cases start on only a few thousand days. `finish` marks what is past its dates
as the sweep would have (as `rebuild_clocks` does), so a rebuild gives the same clocks.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from wardcase.charter import sla
from wardcase.charter.clocks import PERIODS, council_calendar
from wardcase.charter.models import CharterRule, Clock

Kind, State = Clock.Kind, Clock.State
LIVE = {State.RUNNING, State.PAUSED, State.BREACHED}

# What happened to a clock, in the order of the table's columns.
OUTCOME_FIELDS = (
    "met_at",
    "working_days",
    "ended_at",
    "reminded_at",
    "breached_at",
    "escalated_at",
)
COLUMNS = [
    "id",
    "case",
    "kind",
    "state",
    "started_at",
    "amount",
    "unit",
    "extension_days",
    "remind_days_before",
    "escalate_after_days",
    "due_on",
    "remind_on",
    "escalate_after",
    *OUTCOME_FIELDS,
]


class _Clock:
    __slots__ = (
        "kind",
        "state",
        "started_at",
        "amount",
        "unit",
        "remind",
        "escalate",
        "deadline",
        *OUTCOME_FIELDS,
    )

    def __init__(self, kind, started_at, amount, unit, terms, deadline):
        self.kind, self.state, self.started_at = kind, State.RUNNING, started_at
        self.amount, self.unit, self.deadline = amount, unit, deadline
        self.remind, self.escalate = terms.remind_days_before, terms.escalate_after_days
        self.met_at = self.working_days = self.ended_at = None
        self.reminded_at = self.breached_at = self.escalated_at = None


class ClockBook:
    """The charter terms, calendar and cached dates shared by every generated case."""

    def __init__(self, *, first_year, today, directorate_of):
        self.today = today
        self.calendar = council_calendar(first_year, today.year + 1)
        self.rules = list(CharterRule.objects.all())
        self.directorate_of = directorate_of
        self.tz = timezone.get_current_timezone()
        self._terms = {}
        self._deadlines = {}
        self._taken = {}
        self._noon = {}

    def terms(self, department_id, case_type):
        key = (department_id, case_type)
        if key not in self._terms:
            self._terms[key] = sla.resolve_terms(
                self.rules,
                department_id=department_id,
                directorate_id=self.directorate_of.get(department_id),
                case_type=case_type,
            )
        return self._terms[key]

    def deadline(self, started_at, amount, unit, terms):
        """(due_on, remind_on, escalate_after) of a clock started at local `started_at`."""
        start_day = self.calendar.start_day(started_at)
        key = (started_at.date(), start_day, amount, unit, terms.remind_days_before)
        key += (terms.escalate_after_days,)
        if key not in self._deadlines:
            found = sla.compute_deadline(
                started_at=started_at,
                amount=amount,
                unit=unit,
                calendar=self.calendar,
                remind_days_before=terms.remind_days_before,
                escalate_after_days=terms.escalate_after_days,
                today=self.today,
            )
            self._deadlines[key] = (found.due_on, found.remind_on, found.escalate_after)
        return self._deadlines[key]

    def taken(self, started_at, met_at):
        key = (self.calendar.start_day(started_at), met_at.date())
        if key not in self._taken:
            self._taken[key] = sla.working_days_taken(
                started_at=started_at, met_at=met_at, calendar=self.calendar
            )
        return self._taken[key]

    def noon(self, day):
        if day not in self._noon:
            self._noon[day] = datetime.combine(day, time(12), tzinfo=self.tz)
        return self._noon[day]


class CaseClocks:
    """One case's clocks as its timeline is played; `rows` gives them for writing."""

    def __init__(self, book, *, case_type):
        self.book, self.case_type = book, case_type
        self.clocks = []
        self.department_id = None

    def _new(self, kind, at):
        terms = self.book.terms(self.department_id, self.case_type)
        amount_field, unit = PERIODS[kind]
        amount = getattr(terms, amount_field)
        deadline = self.book.deadline(at, amount, unit, terms)
        clock = _Clock(kind, at, amount, unit, terms, deadline)
        self.clocks.append(clock)
        return clock

    def _live(self, kind):
        return [c for c in self.clocks if c.kind == kind and c.state in LIVE] if self.clocks else ()

    def meet(self, kind, at):
        for clock in self._live(kind):
            clock.state, clock.met_at = State.MET, at
            clock.working_days = self.book.taken(clock.started_at, at)
            if at.date() > clock.deadline[0]:  # met late: the sweep had marked it
                clock.breached_at = self.book.noon(clock.deadline[0] + timedelta(days=1))

    def on_assignment(self, at, department_id):
        self.department_id = department_id
        for kind in (Kind.ACKNOWLEDGE, Kind.RESPOND, Kind.RESOLVE):
            self._new(kind, at)

    def on_acknowledged(self, at):
        self.meet(Kind.ACKNOWLEDGE, at)

    def on_officer_entry(self, at, *, full_response, responded):
        self.meet(Kind.ACKNOWLEDGE, at)
        if full_response:
            self.meet(Kind.RESPOND, at)
        if responded or full_response:
            self.meet(Kind.UPDATE, at)
            self._new(Kind.UPDATE, at)

    def on_closure_proposed(self, at):
        self.meet(Kind.RESOLVE, at)
        self.meet(Kind.UPDATE, at)

    def on_closed(self, at):
        self.meet(Kind.RESOLVE, at)
        for clock in self.clocks:
            if clock.state in LIVE:
                clock.state, clock.ended_at = State.STOPPED, at
                if at.date() > clock.deadline[0]:
                    clock.breached_at = self.book.noon(clock.deadline[0] + timedelta(days=1))

    def on_reopened(self, at, *, assigned):
        if assigned:
            self._new(Kind.UPDATE, at)

    def on_pause(self):
        for clock in self.clocks:
            if clock.state == State.RUNNING:
                clock.state = State.PAUSED

    def finish(self):
        """Running clocks past their dates: reminded, breached and escalated as of those
        dates, as the sweep would have marked them."""
        today, noon = self.book.today, self.book.noon
        for clock in self.clocks:
            due_on, remind_on, escalate_after = clock.deadline
            if clock.state != State.RUNNING or remind_on > today:
                continue
            clock.reminded_at = noon(remind_on)
            if due_on < today:
                clock.state = State.BREACHED
                clock.breached_at = noon(due_on + timedelta(days=1))
                if escalate_after < today:
                    clock.escalated_at = noon(escalate_after)

    def due_dates(self):
        """The case's acknowledge and response due dates (the newest clock of each kind)."""
        due = {}
        for clock in self.clocks:
            if clock.kind in (Kind.ACKNOWLEDGE, Kind.RESPOND):
                due[clock.kind] = clock.deadline[0]
        return due.get(Kind.ACKNOWLEDGE), due.get(Kind.RESPOND)

    def next_due(self):
        """The soonest due date of a running or overdue clock, as the case keeps it."""
        return min(
            (c.deadline[0] for c in self.clocks if c.state in (State.RUNNING, State.BREACHED)),
            default=None,
        )

    def rows(self, case_id, new_id):
        for c in self.clocks:
            due_on, remind_on, escalate_after = c.deadline
            yield (
                new_id(),
                case_id,
                c.kind,
                c.state,
                c.started_at,
                c.amount,
                c.unit,
                0,
                c.remind,
                c.escalate,
                due_on,
                remind_on,
                escalate_after,
                c.met_at,
                c.working_days,
                c.ended_at,
                c.reminded_at,
                c.breached_at,
                c.escalated_at,
            )
