"""The working day ends at WARDCASE_WORKING_HOURS_END (17:00 unless the council says):
a pause still running then takes the day off the count, and a case assigned after it
starts its clocks the next working day."""

from datetime import date, datetime, time

import pytest
import time_machine

from tests.charter.conftest import at
from tests.conftest import assign
from wardcase.cases import services
from wardcase.charter.models import Clock
from wardcase.charter.sla import WORKING_DAYS, Pause, WorkingCalendar, compute_deadline

ACKNOWLEDGE = Clock.Kind.ACKNOWLEDGE


def acknowledge_due(case):
    return Clock.objects.get(case=case, kind=ACKNOWLEDGE, state__in=Clock.LIVE_STATES).due_on


@pytest.mark.parametrize(
    ("hours_end", "resumed_at", "due"),
    [
        (17, 16, date(2026, 3, 5)),  # resumed before 17:00: Tuesday still counts
        (17, 18, date(2026, 3, 6)),  # still paused at 17:00: Tuesday does not count
        (16, 15, date(2026, 3, 5)),  # resumed before 16:00: Tuesday still counts
        (16, 16, date(2026, 3, 6)),  # still paused at 16:00, as at 17:00 above
    ],
)
def test_a_pause_running_at_the_end_of_the_working_day_takes_the_day(
    settings, world, assigned, hours_end, resumed_at, due
):
    """Assigned Monday 10:00, 3 working days to acknowledge; paused Tuesday 10:00."""
    settings.WARDCASE_WORKING_HOURS = (9, hours_end)
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Which lamp post?")
    with time_machine.travel(at(2026, 3, 3, resumed_at, 30), tick=False):
        services.case_resume(case=assigned, by=world.councillor, note="Number 12.")
    assert acknowledge_due(assigned) == due


@pytest.mark.parametrize(("hours_end", "due"), [(17, date(2026, 3, 5)), (16, date(2026, 3, 6))])
def test_a_case_assigned_after_the_working_day_starts_the_next_day(settings, world, hours_end, due):
    """Assigned Monday 16:30: the same day until 17:00, the next day if work ends at 16:00."""
    settings.WARDCASE_WORKING_HOURS = (9, hours_end)
    with time_machine.travel(at(2026, 3, 2, 16, 30), tick=False):
        case = assign(world)
    assert acknowledge_due(case) == due


def test_the_case_page_says_when_the_working_day_ends(settings, client, world):
    settings.WARDCASE_WORKING_HOURS = (9, 16)
    with time_machine.travel(at(2026, 3, 2, 16, 30), tick=False):
        case = assign(world)
        client.force_login(world.coordinator)
        page = client.get(case.get_absolute_url()).content.decode()
    assert "That was after 16:00 or not a working day" in page


def test_the_pure_calendar_takes_its_end_of_day_and_keeps_17_by_default():
    pause = [Pause(datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 3, 16, 30))]

    def due(calendar):
        started = datetime(2026, 3, 2, 10, 0)
        return compute_deadline(
            started_at=started, amount=3, unit=WORKING_DAYS, calendar=calendar, pauses=pause
        )

    default, early = WorkingCalendar(), WorkingCalendar(day_ends=time(16))
    assert (due(default).due_on, due(default).day_ends) == (date(2026, 3, 5), time(17))
    assert (due(early).due_on, due(early).paused_days) == (date(2026, 3, 6), (date(2026, 3, 3),))


def test_the_pure_functions_take_the_working_day_end_from_the_setting(settings):
    """Without a time given, the calendar, a clock's start and the convenience due date all
    follow WARDCASE_WORKING_HOURS_END, not a 17:00 of their own."""
    from wardcase.charter.sla import clock_start_day, due_date

    settings.WARDCASE_WORKING_HOURS = (9, 16)
    half_past_four = datetime(2026, 3, 2, 16, 30)  # a Monday
    assert WorkingCalendar().day_ends == time(16)
    assert WorkingCalendar().start_day(half_past_four) == date(2026, 3, 3)
    assert clock_start_day(half_past_four, set()) == date(2026, 3, 3)
    assert due_date(half_past_four, 1, "england") == date(2026, 3, 4)
    settings.WARDCASE_WORKING_HOURS = (9, 17)
    assert clock_start_day(half_past_four, set()) == date(2026, 3, 2)
    assert due_date(half_past_four, 1, "england") == date(2026, 3, 3)
