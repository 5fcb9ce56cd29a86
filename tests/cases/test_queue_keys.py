"""The officers' queue sort keys kept on the case agree with a recount from the timeline
and the clocks after every step of a case's life, and the queue sorts by them."""

import datetime

import pytest
import time_machine

from tests.conftest import acknowledged, assign
from wardcase.cases import selectors, services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)  # a Monday


def keys(*cases):
    return {
        pk: (chased_at, next_due_on)
        for pk, chased_at, next_due_on in Case.objects.filter(
            pk__in=[c.pk for c in cases]
        ).values_list("pk", "chased_at", "next_due_on")
    }


def assert_kept_equals_recount(*cases):
    kept = keys(*cases)
    services.queue_keys_refresh(case_ids=[c.pk for c in cases])
    assert keys(*cases) == kept


def test_the_keys_follow_a_case_through_its_life(world):
    case, steps = world.case, []
    with time_machine.travel(START, tick=False) as clock:

        def step(name, action):
            nonlocal case
            clock.shift(datetime.timedelta(hours=5))
            done = action()
            case = done if isinstance(done, Case) else case
            steps.append(name)
            assert_kept_equals_recount(case, world.other_case)

        step("logged", lambda: None)
        assert keys(case)[case.pk] == (None, None)
        step("assigned", lambda: assign(world))
        assert keys(case)[case.pk][1] is not None  # the acknowledge clock runs
        step("chased", lambda: services.case_chase(case=case, by=world.councillor))
        chased_at = keys(case)[case.pk][0]
        assert chased_at is not None
        step("acknowledged", lambda: services.case_acknowledge(case=case, by=world.officer))
        assert keys(case)[case.pk][0] == chased_at  # acknowledging answers nothing
        step(
            "update",
            lambda: services.case_add_event(
                case=case, by=world.officer, kind=EventKind.UPDATE, body="Inspected."
            ),
        )
        assert keys(case)[case.pk][0] is None  # the update answered the chase
        step(
            "chased again",
            lambda: services.case_chase(case=case, by=world.councillor, confirm=True),
        )
        step("paused", lambda: services.case_pause(case=case, by=world.officer, reason="Photo?"))
        assert keys(case)[case.pk][1] is None  # no clock runs while paused
        step("resumed", lambda: services.case_resume(case=case, by=world.officer))
        assert keys(case)[case.pk][1] is not None
        step(
            "full response",
            lambda: services.case_add_event(
                case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Repaired."
            ),
        )
        assert keys(case)[case.pk][0] is None
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
        assert keys(case)[case.pk][1] is None  # a closed case has nothing due
        step(
            "reopened", lambda: services.case_reopen(case=case, by=world.councillor, reason="Back")
        )
        assert keys(case)[case.pk][1] is not None  # an update falls due again
    assert len(steps) == 13


def test_the_queue_lists_chased_cases_first_then_by_the_soonest_deadline(world):
    with time_machine.travel(START, tick=False) as clock:
        first = acknowledged(world)
        clock.shift(datetime.timedelta(days=1))
        second = assign(world, world.other_case)
        clock.shift(datetime.timedelta(hours=1))
        queue = selectors.case_list(
            user=world.officer, filters={"status": "open", "ordering": "queue"}
        )
        # Not chased: the second's acknowledge date comes before the first's response date.
        assert [c.pk for c in queue] == [second.pk, first.pk]
        services.case_chase(case=first, by=world.councillor)
        queue = list(
            selectors.case_list(user=world.officer, filters={"status": "open", "ordering": "queue"})
        )
        assert [c.pk for c in queue] == [first.pk, second.pk]
        assert queue[0].wc_chased and not queue[1].wc_chased


@pytest.mark.parametrize("kind", [EventKind.UPDATE, EventKind.FULL_RESPONSE])
def test_an_answer_given_before_a_chase_does_not_answer_it(world, kind):
    case = acknowledged(world)
    with time_machine.travel(START + datetime.timedelta(days=3), tick=False):
        services.case_chase(case=case, by=world.councillor)
    # An emailed reply recorded afterwards with the time it was sent, before the chase.
    services.case_event_record(
        case=case, kind=kind, by=world.officer, body="Sent earlier", at=START
    )
    assert keys(case)[case.pk][0] == START + datetime.timedelta(days=3)
    assert_kept_equals_recount(case)
