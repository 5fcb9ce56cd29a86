"""The sweep: a reminder once, in working hours; breach to officer and head; then the
coordinators; nothing twice, whether run again or by two workers at once."""

import gc
import threading
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from tests.charter.conftest import at
from tests.conftest import assign
from tests.locks import lock_held_elsewhere
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.services import charter_sweep
from wardcase.cases.services.charter_sweep import sla_sweep
from wardcase.charter.models import Clock
from wardcase.mail.models import OutboxMessage

Kind, State = Clock.Kind, Clock.State


def mail_to(user, word):
    return OutboxMessage.objects.filter(recipient=user, subject__contains=word).count()


def test_the_officer_is_reminded_once_the_working_day_before(world, assigned):
    """Acknowledgement due Thursday 5 March: reminded on Wednesday, once."""
    assert sla_sweep(at=at(2026, 3, 3, 10)).reminded == 0
    result = sla_sweep(at=at(2026, 3, 4, 10))
    assert result.reminded == 1
    assert mail_to(world.officer, "Due soon") == 1
    assert sla_sweep(at=at(2026, 3, 4, 14)).reminded == 0
    assert mail_to(world.officer, "Due soon") == 1
    reminders = assigned.events.filter(kind=EventKind.REMINDER)
    assert reminders.count() == 1
    assert reminders.get().visibility == "internal"


@pytest.mark.parametrize(
    "moment",
    [at(2026, 3, 4, 7, 30), at(2026, 3, 4, 17, 0), at(2026, 3, 4, 23, 59)],
    ids=["before nine", "at five", "at night"],
)
def test_reminders_wait_for_working_hours(world, assigned, moment):
    result = sla_sweep(at=moment)
    assert not result.in_working_hours
    assert result.reminded == 0
    assert mail_to(world.officer, "Due soon") == 0
    assert sla_sweep(at=at(2026, 3, 4, 9, 0)).reminded == 1


def test_no_reminder_at_the_weekend(world):
    """Assigned Wednesday 4 March: acknowledgement due Monday 9th, reminder due Friday 6th.
    On Saturday nothing goes; on Monday morning the breach has not yet happened."""
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        assign(world)
    assert sla_sweep(at=at(2026, 3, 7, 11)).reminded == 0
    assert sla_sweep(at=at(2026, 3, 9, 9, 5)).reminded == 1


def test_a_breach_tells_the_officer_and_the_head_and_shows_the_councillor(world, assigned, client):
    result = sla_sweep(at=at(2026, 3, 6, 0, 5))
    assert result.breached == 1
    clock = Clock.objects.get(case=assigned, kind=Kind.ACKNOWLEDGE)
    assert clock.state == State.BREACHED
    assert mail_to(world.officer, "Overdue") == 1
    assert mail_to(world.head, "Overdue") == 1
    assert mail_to(world.coordinator, "overdue") == 0
    missed = assigned.events.get(kind=EventKind.DEADLINE_MISSED)
    assert missed.visibility == "everyone"
    assert missed.body == "Deadline missed: the acknowledgement was due by 5 March 2026."
    client.force_login(world.councillor)
    with time_machine.travel(at(2026, 3, 6, 9), tick=False):
        page = client.get("/").content.decode()
    assert "Overdue" in page
    assert sla_sweep(at=at(2026, 3, 6, 10)).breached == 0
    assert mail_to(world.head, "Overdue") == 1


def test_still_breached_after_five_working_days_the_coordinators_are_told(world, assigned):
    """Due 5 March; escalation after 12 March, so on Friday 13th, once."""
    sla_sweep(at=at(2026, 3, 6, 10))
    assert sla_sweep(at=at(2026, 3, 12, 10)).escalated == 0
    assert sla_sweep(at=at(2026, 3, 13, 10)).escalated == 1
    assert mail_to(world.coordinator, "Still overdue") == 1
    assert sla_sweep(at=at(2026, 3, 13, 11)).escalated == 0
    assert mail_to(world.coordinator, "Still overdue") == 1
    assert Clock.objects.get(case=assigned, kind=Kind.ACKNOWLEDGE).escalated_at is not None


def test_a_sweep_leaves_the_cycle_collector_on(world, assigned):
    """Each batch holds the collector off while it builds its notices; it is on again
    after every step, whether the step moved clocks or not."""
    gc.enable()
    sla_sweep(at=at(2026, 3, 6, 10))
    assert gc.isenabled()
    with (
        pytest.raises(RuntimeError),
        mock.patch.object(charter_sweep, "_breach_notices", side_effect=RuntimeError),
    ):
        sla_sweep(at=at(2026, 3, 30, 10))
    assert gc.isenabled()


def test_a_breach_on_a_paused_case_waits_to_escalate_until_it_resumes(world, assigned):
    """Acknowledgement due 5 March, breached on the 6th. Paused on Monday 9th, so the
    coordinators are not told on the 13th; resumed on Wednesday 11th, the two working
    days paused (9th and 10th) move the escalation from after the 12th to after the
    16th, so on the 17th."""
    sla_sweep(at=at(2026, 3, 6, 10))
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Need the house number")
    assert sla_sweep(at=at(2026, 3, 10, 10)).escalated == 0
    with time_machine.travel(at(2026, 3, 11, 9), tick=False):
        services.case_resume(case=assigned, by=world.councillor, note="Number 12")
    clock = Clock.objects.get(case=assigned, kind=Kind.ACKNOWLEDGE)
    assert (clock.state, clock.escalate_after.day) == (State.BREACHED, 16)
    assert sla_sweep(at=at(2026, 3, 16, 10)).escalated == 0
    assert sla_sweep(at=at(2026, 3, 17, 10)).escalated == 1
    assert mail_to(world.coordinator, "Still overdue") == 1


def test_a_case_paused_past_its_escalation_date_is_not_escalated_while_paused(world, assigned):
    """Breached on the 6th and paused the same day: nobody is chased while the case waits
    for information, however long it waits."""
    sla_sweep(at=at(2026, 3, 6, 10))
    with time_machine.travel(at(2026, 3, 6, 11), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Need the house number")
    assert sla_sweep(at=at(2026, 4, 20, 10)).escalated == 0


def test_a_met_deadline_is_neither_reminded_nor_breached(world, assigned):
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        services.case_acknowledge(case=assigned, by=world.officer)
    result = sla_sweep(at=at(2026, 3, 6, 10))
    assert (result.reminded, result.breached) == (0, 0)


def test_paused_clocks_are_not_breached(world, assigned):
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Need the house number")
    assert sla_sweep(at=at(2026, 3, 20, 10)).breached == 0


def test_an_agreed_extension_lifts_a_breach(world, assigned):
    """Breached on 17 March; the councillor agrees five more days: running again."""
    services.case_request_extension(
        case=assigned, by=world.officer, working_days=5, reason="Contractor delayed"
    )
    sla_sweep(at=at(2026, 3, 17, 10))
    assert Clock.objects.get(case=assigned, kind=Kind.RESPOND).state == State.BREACHED
    with time_machine.travel(at(2026, 3, 17, 11), tick=False):
        services.case_decide_extension(case=assigned, by=world.councillor, approve=True)
    clock = Clock.objects.get(case=assigned, kind=Kind.RESPOND)
    assert (clock.state, clock.breached_at) == (State.RUNNING, None)


def test_a_sweep_that_finds_the_lock_held_does_nothing(world, assigned):
    with lock_held_elsewhere("sla_sweep"):
        result = sla_sweep(at=at(2026, 3, 6, 10))
    assert not result.ran
    assert Clock.objects.filter(state=State.BREACHED).count() == 0
    assert sla_sweep(at=at(2026, 3, 6, 10)).breached == 1  # released: the next one runs


def test_the_command_takes_a_time_and_refuses_nonsense(world, assigned, capsys):
    call_command("sla_sweep", "--at", "2026-03-06T10:00")
    assert "1 breached" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a date and time"):
        call_command("sla_sweep", "--at", "next tuesday")


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_nothing_twice(world):
    """Twenty overdue cases, two workers sweeping together: each notice written once."""
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        cases = [assign(world)]
        for n in range(19):
            case = services.case_create(
                by=world.councillor,
                owner=world.councillor,
                subject=f"Flooding {n}",
                description="Drain blocked",
                service=world.service,
                constituent={"name": f"Resident {n}"},
            )
            cases.append(assign(world, case))
    barrier, results = threading.Barrier(2), []

    def sweep():
        try:
            barrier.wait()
            results.append(sla_sweep(at=at(2026, 3, 6, 10)))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    assert sum(r.breached for r in results) == 20
    assert mail_to(world.head, "Overdue") == 20
    assert sla_sweep(at=at(2026, 3, 6, 11)).breached == 0
    assert mail_to(world.officer, "Overdue") == 20


def test_sweep_notices_thread_on_the_case_and_wait_for_a_digest(world, assigned):
    """The head's second breach notice answers the first, so Outlook threads them; the
    officer, who chose the daily digest, gets them there instead of at once."""
    world.officer.email_digest = True
    world.officer.save()
    sla_sweep(at=at(2026, 3, 6, 10))  # acknowledgement overdue
    sla_sweep(at=at(2026, 3, 17, 10))  # full response overdue
    first, second = OutboxMessage.objects.filter(
        recipient=world.head, subject__contains="Overdue"
    ).order_by("id")
    assert first.state == second.state == OutboxMessage.State.PENDING
    assert second.in_reply_to == first.message_id
    assert first.message_id in second.references
    assert second.reply_to.startswith("casework+")
    held = OutboxMessage.objects.filter(recipient=world.officer, subject__contains="Overdue")
    assert {m.state for m in held} == {OutboxMessage.State.HELD}
    assert held.count() == 2
