"""Starting, meeting, pausing and recomputing a case's charter clocks.

The case services call these inside their own transaction, so a clock never disagrees
with the timeline. Dates are worked out by the pure functions in `sla.py`, in the
council's local time.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from wardcase.charter import sla
from wardcase.charter.models import CharterRule, Clock, ClosureDay, Pause
from wardcase.charter.querysets import OPEN_STATES
from wardcase.directory.models import Council, Department

Kind, State = Clock.Kind, Clock.State

PERIODS = {
    Kind.ACKNOWLEDGE: ("acknowledge_days", sla.WORKING_DAYS),
    Kind.RESPOND: ("response_days", sla.WORKING_DAYS),
    Kind.UPDATE: ("update_weeks", sla.WEEKS),
    Kind.RESOLVE: ("resolve_months", sla.MONTHS),
}


def council_calendar(first_year, last_year=None):
    """The council's working calendar over the years given (and the next, for year ends)."""
    last_year = (last_year or first_year) + 1
    nation = Council.objects.values_list("nation", flat=True).first() or "england"
    closures = dict(
        ClosureDay.objects.filter(day__year__gte=first_year, day__year__lte=last_year).values_list(
            "day", "name"
        )
    )
    return sla.WorkingCalendar.for_nation(nation, range(first_year, last_year + 1), closures)


def terms_for(case):
    """The charter terms that apply to this case (its department, the department's
    directorate, and its case type)."""
    directorate_id = None
    if case.department_id:
        directorate_id = (
            Department.objects.filter(pk=case.department_id)
            .values_list("directorate_id", flat=True)
            .first()
        )
    return sla.resolve_terms(
        list(CharterRule.objects.all()),
        department_id=case.department_id,
        directorate_id=directorate_id,
        case_type=case.case_type,
    )


def case_pauses(case, *, as_of=None):
    """The case's pauses as the pure functions want them, in local time; with `as_of`,
    only those begun by then (a rebuild replays the timeline in order)."""
    pauses = case.pauses.all()
    if as_of is not None:
        pauses = pauses.filter(started_at__lte=as_of)
    return [
        sla.Pause(timezone.localtime(started), timezone.localtime(ended) if ended else None)
        for started, ended in pauses.values_list("started_at", "ended_at")
    ]


def deadline_for(clock, *, calendar=None, pauses=None, today=None):
    """The clock's due date with its explanation, worked out afresh."""
    started = timezone.localtime(clock.started_at)
    today = today or timezone.localdate()
    calendar = calendar or council_calendar(started.year, max(today.year, started.year) + 1)
    return sla.compute_deadline(
        started_at=started,
        amount=clock.amount,
        unit=clock.unit,
        calendar=calendar,
        pauses=case_pauses(clock.case) if pauses is None else pauses,
        extension_days=clock.extension_days,
        remind_days_before=clock.remind_days_before,
        escalate_after_days=clock.escalate_after_days,
        today=today,
    )


def _apply(clock, deadline):
    clock.due_on = deadline.due_on
    clock.remind_on = deadline.remind_on
    clock.escalate_after = deadline.escalate_after


def _new_clock(case, kind, at, terms, *, paused=False):
    amount_field, unit = PERIODS[kind]
    clock = Clock(
        case=case,
        kind=kind,
        state=State.PAUSED if paused else State.RUNNING,
        started_at=at,
        amount=getattr(terms, amount_field),
        unit=unit,
        remind_days_before=terms.remind_days_before,
        escalate_after_days=terms.escalate_after_days,
    )
    _apply(clock, deadline_for(clock, pauses=case_pauses(case, as_of=at)))
    return clock


def _restart(clock, at, terms, *, paused=False):
    """Start a live clock again from `at`, as if new (a reassignment before acknowledging)."""
    amount_field, _unit = PERIODS[clock.kind]
    clock.started_at, clock.amount = at, getattr(terms, amount_field)
    clock.extension_days = 0
    clock.remind_days_before = terms.remind_days_before
    clock.escalate_after_days = terms.escalate_after_days
    clock.state = State.PAUSED if paused else State.RUNNING
    clock.reminded_at = clock.breached_at = clock.escalated_at = None
    _apply(clock, deadline_for(clock, pauses=case_pauses(clock.case, as_of=at)))
    clock.save()
    clock.extensions.filter(decision="pending").update(decision="refused", decided_at=at)
    return clock


def _is_paused(case):
    return Pause.objects.filter(case=case, ended_at__isnull=True).exists()


def live_clock(case, kind):
    return case.clocks.filter(kind=kind, state__in=Clock.LIVE_STATES).first()


def next_due_sync(case):
    """Copy the soonest running or overdue due date to the case's `next_due_on`, which the
    officers' queues sort by (see wardcase.cases.services.queue_keys). Written at once, in
    the caller's transaction; the copy in memory follows so a later save keeps it."""
    due = (
        case.clocks.filter(state__in=OPEN_STATES)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    if due != case.next_due_on:
        case.next_due_on = due
        type(case).objects.filter(pk=case.pk).update(next_due_on=due)


def sync_case_dates(case):
    """Copy the acknowledge and response due dates to the case, for lists and sorting."""
    next_due_sync(case)
    dates = dict(
        case.clocks.filter(kind__in=[Kind.ACKNOWLEDGE, Kind.RESPOND])
        .order_by("kind", "-started_at")
        .values_list("kind", "due_on")
        .reverse()  # the newest of each kind wins in the dict
    )
    case.acknowledge_due = dates.get(Kind.ACKNOWLEDGE)
    case.response_due = dates.get(Kind.RESPOND)
    return ["acknowledge_due", "response_due"]


def clocks_on_assignment(case, at, *, restart):
    """Start the acknowledge, response and resolve clocks (restart them on reassignment
    before acknowledgement). Returns the case fields it changed."""
    if not restart and case.clocks.exists():
        return []
    terms = terms_for(case)
    paused = _is_paused(case)
    for kind in (Kind.ACKNOWLEDGE, Kind.RESPOND):
        clock = live_clock(case, kind)
        if clock is not None:
            _restart(clock, at, terms, paused=paused)
        elif not case.clocks.filter(kind=kind).exists():
            _new_clock(case, kind, at, terms, paused=paused).save()
    if not case.clocks.filter(kind=Kind.RESOLVE).exists():
        _new_clock(case, Kind.RESOLVE, at, terms, paused=paused).save()
    return sync_case_dates(case)


def meet(case, kind, at):
    """The deadline of this kind is met (a breached one is met late: breached_at stays),
    recording the working days it took for the reports."""
    live = list(case.clocks.filter(kind=kind, state__in=Clock.LIVE_STATES))
    if not live:
        return 0
    met_local, pauses = timezone.localtime(at), case_pauses(case, as_of=at)
    for clock in live:
        started = timezone.localtime(clock.started_at)
        clock.state, clock.met_at = State.MET, at
        clock.working_days = sla.working_days_taken(
            started_at=started,
            met_at=met_local,
            calendar=council_calendar(started.year, met_local.year),
            pauses=pauses,
        )
        clock.save(update_fields=["state", "met_at", "working_days"])
    next_due_sync(case)
    return len(live)


def clocks_on_acknowledged(case, at):
    meet(case, Kind.ACKNOWLEDGE, at)


def clocks_on_officer_entry(case, at, *, full_response):
    """An officer's update or full response: meets what it answers, restarts the update
    clock once the case has had its full response."""
    meet(case, Kind.ACKNOWLEDGE, at)
    if full_response:
        meet(case, Kind.RESPOND, at)
    if case.responded_at or full_response:
        meet(case, Kind.UPDATE, at)
        _new_clock(case, Kind.UPDATE, at, terms_for(case), paused=_is_paused(case)).save()
        next_due_sync(case)


def clocks_on_written_update(case, at):
    """A letter sent to the constituent is a written update: it meets the running update
    clock, and the next update falls due one update period later. Returns whether one was met."""
    if not meet(case, Kind.UPDATE, at):
        return False
    _new_clock(case, Kind.UPDATE, at, terms_for(case), paused=_is_paused(case)).save()
    next_due_sync(case)
    return True


def clocks_on_closure_proposed(case, at):
    """The officer says the case is resolved: the resolve clock is met, and the proposal is
    their last written word, so no further update falls due while the councillor decides."""
    meet(case, Kind.RESOLVE, at)
    meet(case, Kind.UPDATE, at)


def clocks_on_closure_declined(case, at):
    """The councillor's side says more needs doing: the resolve clock runs again to its
    first due date (a breach found by the next sweep), and an update falls due as after
    a reopening."""
    resolve = case.clocks.filter(kind=Kind.RESOLVE, state=State.MET).order_by("-met_at").first()
    if resolve is not None:
        if resolve.breached_at:
            resolve.state = State.BREACHED
        else:
            resolve.state = State.PAUSED if _is_paused(case) else State.RUNNING
        resolve.met_at = resolve.working_days = None
        resolve.save(update_fields=["state", "met_at", "working_days"])
    if case.assigned_at and live_clock(case, Kind.UPDATE) is None:
        _new_clock(case, Kind.UPDATE, at, terms_for(case), paused=_is_paused(case)).save()
    next_due_sync(case)


def clocks_on_closed(case, at):
    """Closing meets the resolve clock and stops the rest (a breach stays on record)."""
    meet(case, Kind.RESOLVE, at)
    case.clocks.filter(state__in=Clock.LIVE_STATES).update(state=State.STOPPED, ended_at=at)
    next_due_sync(case)


def clocks_on_reopened(case, at):
    """A reopened case owes its councillor an update within the charter's update period."""
    if case.assigned_at:
        _new_clock(case, Kind.UPDATE, at, terms_for(case)).save()
        next_due_sync(case)


def clocks_pause(case, at):
    case.clocks.filter(state=State.RUNNING).update(state=State.PAUSED)
    next_due_sync(case)


def clocks_resume(case, at):
    """Running again, each due date moved on by the working days the case was paused."""
    case.clocks.filter(state=State.PAUSED).update(state=State.RUNNING)
    return recompute(case, as_of=at)


def recompute(case, *, as_of=None):
    """Work out every live clock's dates again (after a pause or an extension)."""
    clocks = list(case.clocks.filter(state__in=Clock.LIVE_STATES))
    if not clocks:
        return sync_case_dates(case)
    today = timezone.localdate()
    first = min(timezone.localtime(c.started_at).year for c in clocks)
    calendar = council_calendar(first, today.year + 1)
    pauses = case_pauses(case, as_of=as_of)
    for clock in clocks:
        _apply(clock, deadline_for(clock, calendar=calendar, pauses=pauses, today=today))
        if clock.state == State.BREACHED and clock.due_on >= today:
            # An agreed extension or a pause moved the date past today: no longer late.
            clock.state, clock.breached_at, clock.escalated_at = State.RUNNING, None, None
        if clock.reminded_at and clock.remind_on > today:
            clock.reminded_at = None  # remind again before the new date
        clock.save()
    return sync_case_dates(case)


def working_time(at, calendar=None):
    """Whether `at` falls in the council's working hours on a working day."""
    local = timezone.localtime(at)
    calendar = calendar or council_calendar(local.year)
    start, end = settings.WARDCASE_WORKING_HOURS
    return calendar.is_working_day(local.date()) and start <= local.hour < end


def overdue_since(clock):
    """The first day the clock was overdue: the day after its due date."""
    return clock.due_on + timedelta(days=1)
