"""Rebuilding clocks from the timeline gives the clocks the services kept."""

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.charter.conftest import at
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.charter.models import Clock

FIELDS = ("kind", "state", "started_at", "due_on", "remind_on", "met_at")


def snapshot(case):
    return sorted(Clock.objects.filter(case=case).values_list(*FIELDS))


def test_a_rebuild_replays_the_timeline_to_the_same_clocks(world, assigned, capsys):
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        services.case_acknowledge(case=assigned, by=world.officer)
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Photo please")
    with time_machine.travel(at(2026, 3, 6, 10), tick=False):
        services.case_resume(case=assigned, by=world.councillor)
    with time_machine.travel(at(2026, 3, 10, 10), tick=False):
        services.case_add_event(
            case=assigned, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Fixed."
        )
        kept = snapshot(assigned)
        Clock.objects.filter(case=assigned).delete()
        call_command("charter_rebuild", assigned.reference)
    assert snapshot(assigned) == kept
    assert "Rebuilt the clocks of 1 case(s)." in capsys.readouterr().out


def test_past_dates_are_marked_without_telling_anyone(world, assigned):
    from wardcase.mail.models import OutboxMessage

    before = OutboxMessage.objects.count()
    with time_machine.travel(at(2026, 3, 20, 10), tick=False):
        call_command("charter_rebuild")
    clock = Clock.objects.get(case=assigned, kind=Clock.Kind.ACKNOWLEDGE)
    assert clock.state == Clock.State.BREACHED
    assert clock.escalated_at is not None  # due 5 March, escalation after 12 March
    assert OutboxMessage.objects.count() == before


def test_an_unknown_reference_is_named(db):
    with pytest.raises(CommandError, match="WC-1999-000001"):
        call_command("charter_rebuild", "WC-1999-000001")


def test_a_proposal_not_agreed_is_replayed(world, assigned):
    with time_machine.travel(at(2026, 3, 10, 10), tick=False):
        services.case_add_event(
            case=assigned, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Fixed."
        )
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        services.case_propose_closure(case=assigned, by=world.officer, reason="Fixed.")
    with time_machine.travel(at(2026, 3, 16, 10), tick=False):
        services.case_decline_closure(case=assigned, by=world.councillor, reason="Not yet.")
        kept = snapshot(assigned)
        call_command("charter_rebuild", assigned.reference)
    assert snapshot(assigned) == kept
    assert (Clock.Kind.RESOLVE, Clock.State.RUNNING) in [(k, s) for k, s, *_ in kept]
