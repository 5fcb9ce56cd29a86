"""The reports' roll-up kept by the writers equals a recount after every kind of write:
recounting only the days the writes marked stale leaves exactly what recounting every day
does, so no write changes a report's figures without marking its case's day."""

import datetime

import time_machine

from tests.conftest import acknowledged, assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import (
    Case,
    CaseDayCount,
    CaseMonthCount,
    ClockDayCount,
    ClockMonthCount,
    RollupStaleDay,
)
from wardcase.cases.services.charter_rebuild import rebuild_clocks
from wardcase.cases.services.charter_sweep import sla_sweep

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)  # a Monday


CASE_FIELDS = ["day", "department_id", "ward_id", "service_id", "cases", "open_cases"]
CLOCK_FIELDS = [*CASE_FIELDS[:4], "kind", "working_days", "decided", "on_time", "met"]


def rolled_up():
    """Every roll-up row's values, by day and by month, as a sorted list (ids left out)."""
    tables = [
        (CaseDayCount, CASE_FIELDS),
        (CaseMonthCount, CASE_FIELDS),
        (ClockDayCount, CLOCK_FIELDS),
        (ClockMonthCount, CLOCK_FIELDS),
    ]
    return sorted(
        [
            (model.__name__, *row)
            for model, fields in tables
            for row in model.objects.values_list(*fields)
        ],
        key=repr,
    )


def assert_kept_equals_recount():
    """The stale days recounted give what a recount of every day gives; returns it."""
    services.reports_rollup_refresh()
    assert not RollupStaleDay.objects.exists()
    kept = rolled_up()
    services.reports_rollup_refresh(everything=True)
    assert rolled_up() == kept
    return kept


def test_the_roll_up_follows_a_case_through_its_life(world):
    services.reports_rollup_refresh(everything=True)
    before = rolled_up()
    assert before  # the world's two cases are counted
    case, changed = world.case, []
    with time_machine.travel(START, tick=False) as clock:

        def step(name, action):
            nonlocal case, before
            clock.shift(datetime.timedelta(hours=5))
            done = action()
            case = done if isinstance(done, Case) else case
            after = assert_kept_equals_recount()
            if after != before:
                changed.append(name)
            before = after

        step("assigned", lambda: assign(world))
        step("acknowledged", lambda: services.case_acknowledge(case=case, by=world.officer))
        step("paused", lambda: services.case_pause(case=case, by=world.officer, reason="Photo?"))
        step("resumed", lambda: services.case_resume(case=case, by=world.officer))
        step(
            "full response",
            lambda: services.case_add_event(
                case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Repaired."
            ),
        )
        step(
            "closure proposed",
            lambda: services.case_propose_closure(case=case, by=world.officer, reason="Done"),
        )
        step(
            "closure declined",
            lambda: services.case_decline_closure(case=case, by=world.councillor, reason="No"),
        )
        step(
            "closed",
            lambda: services.case_close(case=case, by=world.councillor, outcome="resolved"),
        )
        step(
            "reopened", lambda: services.case_reopen(case=case, by=world.councillor, reason="Back")
        )
        step(
            "logged",
            lambda: services.case_create(
                by=world.councillor,
                owner=world.councillor,
                subject="Fly-tipping",
                description="Bags by the bins.",
                service=world.service,
                ward=world.ward,
                constituent={"name": "Cy Resident"},
            ),
        )
        step("assigned the other", lambda: assign(world, world.other_case))
        step(
            "sent back",
            lambda: services.case_send_back(
                case=world.other_case, by=world.officer, reason="Not ours"
            ),
        )
    # Every step but the pause and the resume changes a figure the roll-up holds.
    assert set(changed) >= {
        "assigned",
        "acknowledged",
        "full response",
        "closed",
        "reopened",
        "logged",
        "assigned the other",
        "sent back",
    }


def test_the_sweep_and_the_clock_rebuild_keep_the_roll_up(world):
    with time_machine.travel(START, tick=False):
        case = assign(world)
    services.reports_rollup_refresh(everything=True)
    before = rolled_up()
    # A month on, the acknowledge and response deadlines have passed: breached.
    result = sla_sweep(at=START + datetime.timedelta(days=30))
    assert result.breached >= 2
    after = assert_kept_equals_recount()
    assert after != before  # breached deadlines are decided ones
    with time_machine.travel(START + datetime.timedelta(days=31), tick=False):
        services.case_acknowledge(case=case, by=world.officer)  # met late
    assert_kept_equals_recount()
    with time_machine.travel(START + datetime.timedelta(days=32), tick=False):
        rebuild_clocks(case_ids=[case.pk])
    assert_kept_equals_recount()


def test_a_write_that_bypasses_the_marks_is_caught(world):
    """The test above can fail: a figure changed without a mark is not recounted."""
    services.reports_rollup_refresh(everything=True)
    Case.objects.filter(pk=world.case.pk).update(status="closed")
    services.reports_rollup_refresh()
    kept = rolled_up()
    services.reports_rollup_refresh(everything=True)
    assert rolled_up() != kept


def test_an_acknowledged_case_is_counted_by_day(world):
    with time_machine.travel(START, tick=False):
        acknowledged(world)
    services.reports_rollup_refresh(everything=True)
    decided = ClockDayCount.objects.filter(kind="acknowledge").values_list("day", "decided")
    assert list(decided) == [(world.case.created_at.date(), 1)]
