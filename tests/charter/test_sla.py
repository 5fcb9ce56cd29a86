"""Charter deadline maths, by table. Pure functions: no database."""

import random
from datetime import date, datetime, timedelta

import pytest

from wardcase.charter import sla
from wardcase.charter.sla import bank_holidays, clock_start_day, due_date

# (started at, working days, nation, due)
TABLE = [
    # An ordinary Monday morning: three working days later is Thursday.
    (datetime(2026, 3, 2, 10, 0), 3, "england", date(2026, 3, 5)),
    # After 17:00 the clock starts the next working day.
    (datetime(2026, 3, 2, 17, 30), 3, "england", date(2026, 3, 6)),
    # Logged on a Saturday: starts Monday.
    (datetime(2026, 3, 7, 11, 0), 3, "england", date(2026, 3, 12)),
    # Friday afternoon, ten working days: two weeks on.
    (datetime(2026, 3, 6, 14, 0), 10, "england", date(2026, 3, 20)),
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April skipped in England.
    (datetime(2026, 4, 1, 9, 0), 3, "england", date(2026, 4, 8)),
    # Scotland keeps Good Friday but not Easter Monday.
    (datetime(2026, 4, 1, 9, 0), 3, "scotland", date(2026, 4, 7)),
    # Christmas 2026 falls on a Friday, Boxing Day on Saturday: substitute Monday 28th.
    (datetime(2026, 12, 23, 9, 0), 3, "england", date(2026, 12, 30)),
    # Across New Year in Scotland: 1 and 2 January 2027 (Fri, Sat -> Mon 4th substitute).
    (datetime(2026, 12, 31, 9, 0), 1, "scotland", date(2027, 1, 5)),
    # Northern Ireland: St Patrick's Day, Tuesday 17 March 2026.
    (datetime(2026, 3, 16, 9, 0), 1, "northern_ireland", date(2026, 3, 18)),
    (datetime(2026, 3, 16, 9, 0), 1, "england", date(2026, 3, 17)),
]


@pytest.mark.parametrize("started_at,days,nation,expected", TABLE)
def test_due_dates(started_at, days, nation, expected):
    """Due dates skip weekends, the nation's bank holidays and after-hours starts."""
    assert due_date(started_at, days, nation) == expected


def test_council_closure_days_are_skipped():
    """A council closure day counts as a non-working day."""
    started = datetime(2026, 3, 2, 10, 0)
    assert due_date(started, 3, "england", closures=[date(2026, 3, 4)]) == date(2026, 3, 6)


def test_clock_start_day_for_a_bank_holiday():
    """A case logged on Easter Monday starts on the Tuesday."""
    non_working = bank_holidays("england", [2026])
    assert clock_start_day(datetime(2026, 4, 6, 9, 0), non_working) == date(2026, 4, 7)


# --- Deadlines with their explanation: pauses, extensions, weeks and months -----------

from wardcase.charter.sla import (  # noqa: E402
    MONTHS,
    PAUSED,
    WEEKS,
    WORKING_DAYS,
    CharterTerms,
    Pause,
    WorkingCalendar,
    add_months,
    compute_deadline,
    resolve_terms,
)


@pytest.fixture
def england():
    return WorkingCalendar.for_nation("england", [2026, 2027])


def test_a_deadline_explains_the_days_it_skipped(england):
    """Over Christmas 2026 the explanation names the weekend, Christmas and the substitute."""
    deadline = compute_deadline(
        started_at=datetime(2026, 12, 23, 9, 0), amount=3, unit=WORKING_DAYS, calendar=england
    )
    assert deadline.due_on == date(2026, 12, 30)
    reasons = dict(deadline.skipped)
    assert reasons[date(2026, 12, 25)] == "Christmas Day"
    assert reasons[date(2026, 12, 26)] == "Saturday"
    assert "Boxing Day" in reasons[date(2026, 12, 28)]
    assert deadline.as_dict()["days_skipped"][0] == {
        "date": "2026-12-25",
        "reason": "Christmas Day",
    }


def test_a_late_start_is_explained(england):
    """Logged at 17:30 on a Monday, the clock starts on Tuesday and says so."""
    deadline = compute_deadline(
        started_at=datetime(2026, 3, 2, 17, 30), amount=3, unit=WORKING_DAYS, calendar=england
    )
    assert deadline.start_day == date(2026, 3, 3)
    assert deadline.late_start
    assert deadline.due_on == date(2026, 3, 6)


def test_a_working_day_paused_at_five_does_not_count(england):
    """Paused Tuesday 10:00 to Thursday 09:00: Tuesday and Wednesday do not count."""
    pause = Pause(datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 5, 9, 0))
    deadline = compute_deadline(
        started_at=datetime(2026, 3, 2, 10, 0),
        amount=3,
        unit=WORKING_DAYS,
        calendar=england,
        pauses=[pause],
    )
    assert deadline.paused_days == (date(2026, 3, 3), date(2026, 3, 4))
    assert deadline.due_on == date(2026, 3, 9)  # Thu, Fri, then Monday
    assert (date(2026, 3, 3), PAUSED) in deadline.skipped


def test_a_pause_within_one_day_costs_nothing(england):
    """Paused 10:00 and resumed 15:00 the same day: the case was not paused at 17:00."""
    pause = Pause(datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 3, 15, 0))
    deadline = compute_deadline(
        started_at=datetime(2026, 3, 2, 10, 0),
        amount=3,
        unit=WORKING_DAYS,
        calendar=england,
        pauses=[pause],
    )
    assert deadline.due_on == date(2026, 3, 5)
    assert deadline.paused_days == ()


def test_an_open_pause_counts_up_to_today(england):
    """Still waiting on Thursday: Tuesday and Wednesday are lost so far."""
    deadline = compute_deadline(
        started_at=datetime(2026, 3, 2, 10, 0),
        amount=3,
        unit=WORKING_DAYS,
        calendar=england,
        pauses=[Pause(datetime(2026, 3, 3, 10, 0))],
        today=date(2026, 3, 4),
    )
    assert deadline.paused_days == (date(2026, 3, 3), date(2026, 3, 4))


def test_an_extension_adds_working_days(england):
    """Ten working days plus an agreed five: fifteen working days, three weeks on."""
    deadline = compute_deadline(
        started_at=datetime(2026, 3, 2, 10, 0),
        amount=10,
        unit=WORKING_DAYS,
        calendar=england,
        extension_days=5,
    )
    assert deadline.due_on == date(2026, 3, 23)
    assert deadline.as_dict()["extension_working_days"] == 5


def test_six_weeks_landing_on_a_bank_holiday_moves_to_the_next_working_day(england):
    """Six weeks from Monday 23 March 2026 is Easter Monday: due Tuesday 7 April."""
    deadline = compute_deadline(
        started_at=datetime(2026, 2, 23, 10, 0), amount=6, unit=WEEKS, calendar=england
    )
    assert deadline.calendar_due == date(2026, 4, 6)
    assert deadline.due_on == date(2026, 4, 7)


def test_six_months_with_a_pause(england):
    """Six months from 28 August is Sunday 28 February: Monday, then two paused days on."""
    pause = Pause(datetime(2026, 9, 1, 9, 0), datetime(2026, 9, 3, 9, 0))
    deadline = compute_deadline(
        started_at=datetime(2026, 8, 28, 10, 0),
        amount=6,
        unit=MONTHS,
        calendar=england,
        pauses=[pause],
        today=date(2026, 9, 10),
    )
    assert deadline.calendar_due == date(2027, 2, 28)  # a Sunday
    assert deadline.due_on == date(2027, 3, 3)  # Monday 1st, then two paused days on


def test_reminder_and_escalation_dates(england):
    """Reminded one working day before, escalated five working days after."""
    deadline = compute_deadline(
        started_at=datetime(2026, 3, 2, 10, 0),
        amount=3,
        unit=WORKING_DAYS,
        calendar=england,
        remind_days_before=1,
        escalate_after_days=5,
    )
    assert deadline.due_on == date(2026, 3, 5)
    assert deadline.remind_on == date(2026, 3, 4)
    assert deadline.escalate_after == date(2026, 3, 12)


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 6, 15), 6) == date(2026, 12, 15)


class Rule:
    def __init__(self, department_id=None, case_type="", directorate_id=None, **terms):
        self.department_id, self.case_type = department_id, case_type
        self.directorate_id = directorate_id
        for name in CharterTerms.__dataclass_fields__:
            setattr(self, name, terms.get(name))


def test_terms_take_the_most_specific_rule_field_by_field():
    """Department and type beat department, which beats type, which beats the council."""
    rules = [
        Rule(acknowledge_days=2, response_days=15),
        Rule(case_type="complaint", response_days=20, update_weeks=4),
        Rule(department_id=7, response_days=8),
        Rule(department_id=7, case_type="complaint", acknowledge_days=1),
    ]
    terms = resolve_terms(rules, department_id=7, case_type="complaint")
    assert terms == CharterTerms(
        acknowledge_days=1, response_days=8, update_weeks=4, resolve_months=6
    )
    assert resolve_terms(rules, department_id=9, case_type="enquiry") == CharterTerms(
        acknowledge_days=2, response_days=15
    )
    assert resolve_terms([], department_id=None, case_type="enquiry") == CharterTerms()


def test_a_directorate_rule_sits_between_the_council_and_its_departments():
    """Directorate 3 answers in 12 days and acknowledges complaints in 2; department 7 in
    it answers in 8. Department 9, outside it, keeps the council's terms."""
    rules = [
        Rule(acknowledge_days=4, response_days=15),
        Rule(case_type="complaint", acknowledge_days=5, update_weeks=4),
        Rule(directorate_id=3, response_days=12),
        Rule(directorate_id=3, case_type="complaint", acknowledge_days=2),
        Rule(department_id=7, response_days=8),
    ]
    in_directorate = resolve_terms(rules, department_id=5, directorate_id=3, case_type="complaint")
    assert (in_directorate.acknowledge_days, in_directorate.response_days) == (2, 12)
    assert in_directorate.update_weeks == 4
    department = resolve_terms(rules, department_id=7, directorate_id=3, case_type="enquiry")
    assert (department.acknowledge_days, department.response_days) == (4, 8)
    outside = resolve_terms(rules, department_id=9, directorate_id=None, case_type="enquiry")
    assert (outside.acknowledge_days, outside.response_days) == (4, 15)


# --- Working days taken: what the reports' medians count -----------------------------

from wardcase.charter.sla import working_days_taken  # noqa: E402

TAKEN = [
    # Monday 10:00 to Thursday: Tuesday, Wednesday, Thursday.
    (datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 5, 11, 0), 3),
    # Met the same day, or before the late start's first day: none.
    (datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 2, 16, 0), 0),
    (datetime(2026, 3, 2, 17, 30), datetime(2026, 3, 3, 9, 30), 0),
    # Logged Monday at 17:30 starts Tuesday: met Thursday took 2, not 3.
    (datetime(2026, 3, 2, 17, 30), datetime(2026, 3, 5, 11, 0), 2),
    # Logged on a Saturday starts Monday.
    (datetime(2026, 3, 7, 11, 0), datetime(2026, 3, 10, 11, 0), 1),
    # Over Christmas 2026: the 24th, the 29th and the 30th count.
    (datetime(2026, 12, 23, 9, 0), datetime(2026, 12, 30, 12, 0), 3),
]


@pytest.mark.parametrize("started_at,met_at,expected", TAKEN)
def test_working_days_taken(england, started_at, met_at, expected):
    """Working days taken skip the start day, late starts, weekends and bank holidays."""
    assert working_days_taken(started_at=started_at, met_at=met_at, calendar=england) == expected


def test_working_days_taken_leave_out_paused_days(england):
    """Paused Tuesday 10:00 to Thursday 09:00: met on Friday took Thursday and Friday."""
    pause = Pause(datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 5, 9, 0))
    taken = working_days_taken(
        started_at=datetime(2026, 3, 2, 10, 0),
        met_at=datetime(2026, 3, 6, 12, 0),
        calendar=england,
        pauses=[pause],
    )
    assert taken == 2


@pytest.mark.parametrize("started_at,met_at,expected", TAKEN)
def test_met_on_the_due_date_takes_exactly_the_allowed_days(england, started_at, met_at, expected):
    """Counting forward and back agree: a deadline of N days met on its date took N."""
    for amount in (1, 3, 10):
        due_on = compute_deadline(
            started_at=started_at, amount=amount, unit=WORKING_DAYS, calendar=england
        ).due_on
        met = datetime.combine(due_on, met_at.time())
        assert working_days_taken(started_at=started_at, met_at=met, calendar=england) == amount


@pytest.mark.parametrize(
    ("due", "today", "late"),
    [
        (date(2026, 3, 5), date(2026, 3, 5), 0),  # on the day: not late
        (date(2026, 3, 5), date(2026, 3, 6), 1),
        (date(2026, 3, 6), date(2026, 3, 8), 0),  # Friday, then a weekend
        (date(2026, 3, 6), date(2026, 3, 9), 1),
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # Good Friday and Easter Monday 2026
    ],
)
def test_working_days_after_a_due_date(due, today, late):
    calendar = sla.WorkingCalendar.for_nation("england", [2026])
    assert calendar.working_days_after(due, today) == late


def test_working_days_after_counts_what_walking_the_days_counts():
    """The count (weekdays less closed weekdays) against a walk of every day, over spans
    from nothing to years, across bank holidays and council closures."""
    closures = {date(2025, 12, 29): "Winter", date(2026, 1, 2): "Winter", date(2026, 8, 1): ""}
    calendar = sla.WorkingCalendar.for_nation("england", [2024, 2025, 2026], closures)
    rng = random.Random(15)
    for _ in range(400):
        due = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
        today = due + timedelta(days=rng.choice([-3, 0, 1, 2, 6, 7, 13, rng.randrange(800)]))
        walked, day = 0, due + timedelta(days=1)
        while day <= today:
            walked += calendar.is_working_day(day)
            day += timedelta(days=1)
        assert calendar.working_days_after(due, today) == walked, (due, today)
