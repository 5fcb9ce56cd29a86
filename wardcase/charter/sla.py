"""Charter deadline maths. Pure functions: dates in, dates out, no database.

A case logged after the end of the working day, or on a non-working day, starts its
clock on the next working day. "Within N working days" means by the end of the Nth
working day after the start day. A working day on which the case is paused (awaiting
information) at the end of the working day does not count. Weeks and months are
calendar periods: a due date that falls on a non-working day moves to the next working
day, and paused working days and agreed extensions are added as working days.

The working day ends when WARDCASE_WORKING_HOURS_END says (17:00 unless the council sets
it), unless the caller passes another time (`WorkingCalendar(day_ends=...)`). That setting
is all this module reads besides its arguments.
"""

import calendar as month_calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.conf import settings

# The `holidays` package's UK subdivisions for each nation a council can be in.
NATION_SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}

WORKING_DAYS, WEEKS, MONTHS = "working_days", "weeks", "months"
PAUSED = "Paused: awaiting information"


def working_day_ends():
    """When the council's working day ends (WARDCASE_WORKING_HOURS_END, an hour; 24 or
    more: the day runs to midnight)."""
    end = settings.WARDCASE_WORKING_HOURS[1]
    return time(end) if end < 24 else time.max


def bank_holidays(nation, years):
    """The bank holidays of a UK nation in the given years."""
    return set(_named_bank_holidays(nation, tuple(years)))


@lru_cache(maxsize=64)
def _named_bank_holidays(nation, years):
    """{day: name} of a nation's bank holidays in `years` (a tuple). Worked out once per
    process: the `holidays` package computes each year afresh, a few milliseconds that
    every page showing a deadline paid."""
    return dict(holidays.UK(subdiv=NATION_SUBDIVISIONS[nation], years=list(years)))


def is_working_day(day, non_working):
    return day.weekday() < 5 and day not in non_working


def clock_start_day(started_at, non_working, *, day_ends=None):
    """The working day a clock starts on: today if in working hours, else the next one."""
    day_ends = working_day_ends() if day_ends is None else day_ends
    day = started_at.date()
    if started_at.time() >= day_ends or not is_working_day(day, non_working):
        day += timedelta(days=1)
        while not is_working_day(day, non_working):
            day += timedelta(days=1)
    return day


def add_working_days(started_at, days, non_working, *, day_ends=None):
    """The date by which something started at `started_at` is due, `days` working days on."""
    day = clock_start_day(started_at, non_working, day_ends=day_ends)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, non_working):
            counted += 1
    return day


def due_date(started_at: datetime, days: int, nation: str, closures=()) -> date:
    """Convenience: the due date using the nation's bank holidays plus council closure days."""
    years = range(started_at.year, started_at.year + 2)
    non_working = bank_holidays(nation, years) | set(closures)
    return add_working_days(started_at, days, non_working)


class WorkingCalendar:
    """A council's working days, and for every other day the reason it is not one;
    `day_ends`, the time its working day ends (a clock started then starts the next
    working day, and a pause still running then takes the day off the count)."""

    def __init__(self, closed=None, *, day_ends=None):
        self.closed = dict(closed or {})  # date -> reason (bank holiday or closure name)
        # Those on weekdays, in order: weekends are not working days anyway.
        self.closed_weekdays = sorted(day for day in self.closed if day.weekday() < 5)
        self.day_ends = working_day_ends() if day_ends is None else day_ends

    @classmethod
    def for_nation(cls, nation, years, closures=None, *, day_ends=None):
        """Bank holidays of the nation in `years`, plus council closure days {date: name}."""
        closed = dict(_named_bank_holidays(nation, tuple(years)))
        for day, name in (closures or {}).items():
            closed[day] = f"Council closure: {name}" if name else "Council closure"
        return cls(closed, day_ends=day_ends)

    def why_not_working(self, day):
        """None for a working day; otherwise 'Saturday', 'Christmas Day', ..."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        return self.closed.get(day)

    def is_working_day(self, day):
        return day.weekday() < 5 and day not in self.closed

    def working_days_after(self, day, until):
        """Working days after `day` up to and including `until`: how late a deadline due
        on `day` is on `until` (0 on the day itself, or on a weekend straight after).

        Counted, not walked: the weekdays in the span less the closed weekdays in it. The
        overdue list asks it for every row, and a deadline missed years ago walked some
        1,800 days (45,000 days for a page of 25 at a million cases)."""
        first = day + timedelta(days=1)
        if until < first:
            return 0
        weeks, rest = divmod((until - first).days + 1, 7)
        weekdays = weeks * 5 + sum((first.weekday() + i) % 7 < 5 for i in range(rest))
        closed = self.closed_weekdays
        return weekdays - (bisect_right(closed, until) - bisect_left(closed, first))

    def next_working_day(self, day):
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def start_day(self, started_at):
        """The day a clock starts: the same day in working hours, else the next working day."""
        day = started_at.date()
        if started_at.time() >= self.day_ends or not self.is_working_day(day):
            return self.next_working_day(day)
        return day

    def working_days_before(self, day, count, not_before):
        """The working day `count` working days before `day`, but never before `not_before`."""
        while count > 0 and day > not_before:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return max(day, not_before)

    def add_working_days(self, day, count):
        """The working day `count` working days after `day`."""
        while count > 0:
            day = self.next_working_day(day)
            count -= 1
        return day


@dataclass(frozen=True)
class Pause:
    """A time the case waited for information. `ended_at` None: still waiting."""

    started_at: datetime
    ended_at: datetime | None = None


def paused_working_days(pauses, calendar, until):
    """Working days, up to `until`, on which the case was paused at the end of the
    working day (`calendar.day_ends`)."""
    days = set()
    for pause in pauses:
        day = pause.started_at.date()
        last = pause.ended_at.date() if pause.ended_at else until
        while day <= last:
            cutoff = datetime.combine(day, calendar.day_ends, tzinfo=pause.started_at.tzinfo)
            ended = pause.ended_at is None or cutoff < pause.ended_at
            if pause.started_at <= cutoff and ended and calendar.is_working_day(day):
                days.add(day)
            day += timedelta(days=1)
    return days


def working_days_taken(*, started_at, met_at, calendar, pauses=()):
    """The working days a clock took, counted as its due date is: from the day it started
    (the next working day if set after the working day ends or on a day off), not counting
    that day, up to and including the day it was met, less days off and working days the
    case was paused at the end of the working day. Met on its due date, it took exactly
    the days the charter allows."""
    start_day, met_day = calendar.start_day(started_at), met_at.date()
    if met_day <= start_day:
        return 0
    paused = paused_working_days(pauses, calendar, met_day)
    day, taken = start_day, 0
    while day < met_day:
        day += timedelta(days=1)
        taken += calendar.is_working_day(day) and day not in paused
    return taken


@dataclass(frozen=True)
class Deadline:
    """A due date with how it was worked out, for the case page and the API to explain."""

    started_at: datetime
    start_day: date
    amount: int
    unit: str
    due_on: date
    remind_on: date
    escalate_after: date
    extension_days: int = 0
    paused_days: tuple = ()
    skipped: tuple = field(default=())  # ((date, reason), ...) days not counted
    calendar_due: date | None = None  # for weeks and months: the date before adjustments
    day_ends: time = field(default_factory=working_day_ends)  # the calendar's, as it was

    @property
    def late_start(self):
        """The clock started on a later day than it was set: after `day_ends`, or on a day off."""
        return self.start_day != self.started_at.date()

    def as_dict(self):
        return {
            "started_at": self.started_at.isoformat(),
            "start_day": self.start_day.isoformat(),
            "period": {"amount": self.amount, "unit": self.unit},
            "calendar_due": self.calendar_due.isoformat() if self.calendar_due else None,
            "extension_working_days": self.extension_days,
            "paused_working_days": [d.isoformat() for d in self.paused_days],
            "days_skipped": [{"date": d.isoformat(), "reason": r} for d, r in self.skipped],
            "due_on": self.due_on.isoformat(),
            "remind_on": self.remind_on.isoformat(),
        }


def add_months(day, months):
    """The same day (or moment) `months` later, or earlier if negative; the last day of
    the month where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, month_calendar.monthrange(year, month)[1])
    )


def _walk(calendar, day, count, paused):
    """Step `count` counted working days after `day`; return (day, skipped days)."""
    skipped = []
    while count > 0:
        day += timedelta(days=1)
        reason = calendar.why_not_working(day)
        if reason is None and day in paused:
            reason = PAUSED
        if reason is None:
            count -= 1
        else:
            skipped.append((day, reason))
    return day, skipped


def compute_deadline(
    *,
    started_at,
    amount,
    unit,
    calendar,
    pauses=(),
    extension_days=0,
    remind_days_before=1,
    escalate_after_days=5,
    today=None,
):
    """When a clock started at `started_at` (council local time) is due, and why.

    `today` bounds a pause that has not ended yet.
    """
    start_day = calendar.start_day(started_at)
    today = today or started_at.date()
    until = max(today, start_day)
    paused = {d for d in paused_working_days(pauses, calendar, until) if d > start_day}
    calendar_due = None
    if unit == WORKING_DAYS:
        due_on, skipped = _walk(calendar, start_day, amount + extension_days, paused)
    else:
        local_day = started_at.date()
        if unit == WEEKS:
            calendar_due = local_day + timedelta(weeks=amount)
        else:
            calendar_due = add_months(local_day, amount)
        due_on, skipped = calendar_due, []
        while (reason := calendar.why_not_working(due_on)) is not None:
            skipped.append((due_on, reason))
            due_on += timedelta(days=1)
        owed = sum(1 for d in paused if start_day <= d <= due_on) + extension_days
        due_on, more = _walk(calendar, due_on, owed, paused)
        skipped += [(d, PAUSED) for d in sorted(paused) if start_day <= d <= calendar_due]
        skipped += more
    return Deadline(
        started_at=started_at,
        start_day=start_day,
        amount=amount,
        unit=unit,
        due_on=due_on,
        remind_on=calendar.working_days_before(due_on, remind_days_before, start_day),
        # Working days the case waited for information after its due date do not count
        # towards telling the coordinators either.
        escalate_after=_walk(calendar, due_on, escalate_after_days, paused)[0],
        extension_days=extension_days,
        paused_days=tuple(sorted(d for d in paused if d <= due_on)),
        skipped=tuple(sorted(skipped)),
        calendar_due=calendar_due,
        day_ends=calendar.day_ends,
    )


@dataclass(frozen=True)
class CharterTerms:
    """The service charter for one case: the council's defaults with any overrides."""

    acknowledge_days: int = 3
    response_days: int = 10
    update_weeks: int = 6
    resolve_months: int = 6
    remind_days_before: int = 1
    escalate_after_days: int = 5


TERM_NAMES = list(CharterTerms.__dataclass_fields__)


def resolve_terms(rules, *, department_id, case_type, directorate_id=None):
    """Field by field, the most specific rule that sets it: department and case type,
    then department, then the department's directorate with the case type, then the
    directorate, then case type, then the council's default, then the built-in."""

    def specificity(rule):
        department, directorate = rule.department_id is not None, rule.directorate_id is not None
        return department * 4 + directorate * 2 + bool(rule.case_type)

    matching = [
        rule
        for rule in rules
        if rule.department_id in (None, department_id)
        and rule.directorate_id in (None, directorate_id)
        and rule.case_type in ("", case_type)
    ]
    matching.sort(key=specificity, reverse=True)
    values = {}
    for name in TERM_NAMES:
        for rule in matching:
            value = getattr(rule, name)
            if value is not None:
                values[name] = value
                break
    return CharterTerms(**values)
