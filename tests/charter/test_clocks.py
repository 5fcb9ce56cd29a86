"""The clocks the case services keep: started, met, paused, extended, stopped."""

from datetime import date

import pytest
import time_machine

from tests.charter.conftest import at
from tests.conftest import assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.charter.models import CharterRule, Clock, ClosureDay, Extension
from wardcase.core.errors import ActionNotAllowed, ServiceError

Kind, State = Clock.Kind, Clock.State


def clocks(case):
    return {c.kind: c for c in Clock.objects.filter(case=case, state__in=Clock.LIVE_STATES)}


def test_assignment_starts_the_charter_clocks(world, assigned):
    """Acknowledge in 3 working days, respond in 10, resolve in 6 months, all running."""
    live = clocks(assigned)
    assert live[Kind.ACKNOWLEDGE].due_on == date(2026, 3, 5)
    assert live[Kind.RESPOND].due_on == date(2026, 3, 16)
    assert live[Kind.RESOLVE].due_on == date(2026, 9, 2)
    assert {c.state for c in live.values()} == {State.RUNNING}
    assigned.refresh_from_db()
    assert (assigned.acknowledge_due, assigned.response_due) == (
        date(2026, 3, 5),
        date(2026, 3, 16),
    )


def test_a_council_rule_and_a_closure_day_change_the_dates(world):
    """A department answering in 5 working days, and a closure day on Wednesday."""
    CharterRule.objects.create(department=world.department, response_days=5)
    ClosureDay.objects.create(day=date(2026, 3, 4), name="Staff training")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = assign(world)
    live = clocks(case)
    assert live[Kind.ACKNOWLEDGE].due_on == date(2026, 3, 6)
    assert live[Kind.RESPOND].due_on == date(2026, 3, 10)


def test_a_directorate_rule_applies_to_its_departments_cases(world):
    """The department's directorate answers in 5 working days; a rule naming both a
    department and a directorate is refused by the database."""
    from django.db import IntegrityError, transaction

    from wardcase.directory.models import Directorate

    place = Directorate.objects.create(council=world.department.council, name="Place")
    world.department.directorate = place
    world.department.save()
    CharterRule.objects.create(directorate=place, response_days=5)
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = assign(world)
    assert clocks(case)[Kind.RESPOND].due_on == date(2026, 3, 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        CharterRule.objects.create(directorate=place, department=world.department)


def test_acknowledging_meets_the_acknowledge_clock(world, assigned):
    with time_machine.travel(at(2026, 3, 3, 11), tick=False):
        services.case_acknowledge(case=assigned, by=world.officer)
    clock = Clock.objects.get(case=assigned, kind=Kind.ACKNOWLEDGE)
    assert clock.state == State.MET
    assert clock.met_at == at(2026, 3, 3, 11)


def test_a_full_response_starts_the_six_weekly_update_clock(world, assigned):
    """Responded on 10 March: the next written update is due six weeks on, 21 April."""
    with time_machine.travel(at(2026, 3, 10, 12), tick=False):
        services.case_add_event(
            case=assigned, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Repair booked."
        )
    states = dict(Clock.objects.filter(case=assigned).values_list("kind", "state"))
    assert states[Kind.ACKNOWLEDGE] == states[Kind.RESPOND] == State.MET
    assert clocks(assigned)[Kind.UPDATE].due_on == date(2026, 4, 21)
    with time_machine.travel(at(2026, 4, 1, 12), tick=False):
        services.case_add_event(
            case=assigned, by=world.officer, kind=EventKind.UPDATE, body="Crew on site."
        )
    updates = Clock.objects.filter(case=assigned, kind=Kind.UPDATE).order_by("started_at")
    assert [u.state for u in updates] == [State.MET, State.RUNNING]
    assert updates[1].due_on == date(2026, 5, 13)


def test_pausing_stops_the_clocks_and_resuming_moves_the_dates(world, assigned):
    """Paused Tuesday to Thursday morning: two working days lost, due dates two days on."""
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Which lamp post is it?")
    assigned.refresh_from_db()
    assert assigned.status == Status.AWAITING_INFORMATION
    assert {c.state for c in clocks(assigned).values()} == {State.PAUSED}
    with time_machine.travel(at(2026, 3, 5, 9), tick=False):
        services.case_resume(case=assigned, by=world.councillor, note="Number 12.")
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED
    live = clocks(assigned)
    assert live[Kind.ACKNOWLEDGE].due_on == date(2026, 3, 9)
    assert live[Kind.RESPOND].due_on == date(2026, 3, 18)
    assert assigned.acknowledge_due == date(2026, 3, 9)
    kinds = list(assigned.events.values_list("kind", "body"))
    assert (EventKind.PAUSED, "Which lamp post is it?") in kinds
    assert (EventKind.RESUMED, "Number 12.") in kinds


def test_pausing_needs_a_reason_and_someone_on_the_case(world, assigned):
    with pytest.raises(ServiceError) as error:
        services.case_pause(case=assigned, by=world.officer, reason="  ")
    assert error.value.field == "reason"
    for outsider in (world.other_councillor, world.other_officer, world.administrator):
        with pytest.raises(ActionNotAllowed):
            services.case_pause(case=assigned, by=outsider, reason="Waiting")
    services.case_pause(case=assigned, by=world.caseworker, reason="Asking the resident")
    with pytest.raises(ActionNotAllowed):
        services.case_pause(case=assigned, by=world.officer, reason="Again")


def test_an_extension_is_asked_by_the_officer_and_agreed_only_by_the_owner(world, assigned):
    """Five more working days: the caseworker and the head cannot agree it; the owner can."""
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        services.case_request_extension(
            case=assigned, by=world.officer, working_days=5, reason="Awaiting a contractor quote"
        )
        for not_the_owner in (world.caseworker, world.head, world.officer, world.coordinator):
            with pytest.raises(ActionNotAllowed):
                services.case_decide_extension(case=assigned, by=not_the_owner, approve=True)
        services.case_decide_extension(case=assigned, by=world.councillor, approve=True)
    assert clocks(assigned)[Kind.RESPOND].due_on == date(2026, 3, 23)
    assigned.refresh_from_db()
    assert assigned.response_due == date(2026, 3, 23)
    extension = Extension.objects.get()
    assert (extension.decision, extension.decided_by) == ("approved", world.councillor)


def test_a_refused_extension_leaves_the_date(world, assigned):
    services.case_request_extension(case=assigned, by=world.officer, working_days=3, reason="Busy")
    with pytest.raises(ServiceError) as error:
        services.case_request_extension(
            case=assigned, by=world.officer, working_days=3, reason="Busy still"
        )
    assert "already waiting" in error.value.message
    services.case_decide_extension(case=assigned, by=world.councillor, approve=False, note="No")
    assert clocks(assigned)[Kind.RESPOND].due_on == date(2026, 3, 16)


@pytest.mark.parametrize("days", [0, -1, 61, "5"])
def test_an_extension_must_be_a_sensible_number_of_days(world, assigned, days):
    with pytest.raises(ServiceError) as error:
        services.case_request_extension(
            case=assigned, by=world.officer, working_days=days, reason="More time"
        )
    assert error.value.field == "working_days"


def test_only_officers_on_the_case_ask_for_more_time(world, assigned):
    for other in (world.councillor, world.caseworker, world.other_officer):
        with pytest.raises(ActionNotAllowed):
            services.case_request_extension(
                case=assigned, by=other, working_days=2, reason="More time"
            )


def test_reassigning_before_acknowledgement_restarts_the_clocks(world, assigned):
    colleague = type(world.officer).objects.create(
        username="officer.two", name="Officer Two", role="officer", department=world.department
    )
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        services.case_assign(
            case=assigned, by=world.coordinator, department=world.department, lead_officer=colleague
        )
    live = clocks(assigned)
    assert live[Kind.ACKNOWLEDGE].due_on == date(2026, 3, 9)
    assert live[Kind.RESOLVE].due_on == date(2026, 9, 2)  # resolve runs from first assignment
    assert Clock.objects.filter(case=assigned).count() == 3


def test_closing_meets_resolve_and_stops_the_rest(world, assigned):
    services.case_close(case=assigned, by=world.councillor, outcome="withdrawn")
    states = dict(Clock.objects.filter(case=assigned).values_list("kind", "state"))
    assert states == {
        Kind.ACKNOWLEDGE: State.STOPPED,
        Kind.RESPOND: State.STOPPED,
        Kind.RESOLVE: State.MET,
    }
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        services.case_reopen(case=assigned, by=world.councillor, reason="Back again")
    assert clocks(assigned)[Kind.UPDATE].due_on == date(2026, 4, 20)


def test_an_update_while_paused_leaves_the_case_waiting(world, assigned):
    """The officer writes while waiting for the photo: still awaiting information, and
    resuming brings back the status the case had."""
    services.case_pause(case=assigned, by=world.officer, reason="Photo please")
    services.case_add_event(case=assigned, by=world.officer, kind=EventKind.UPDATE, body="Chased")
    assigned.refresh_from_db()
    assert assigned.status == Status.AWAITING_INFORMATION
    services.case_resume(case=assigned, by=world.councillor)
    assigned.refresh_from_db()
    assert assigned.status == Status.ASSIGNED


def test_resuming_checks_the_status_the_charter_kept(world, assigned):
    """The pause keeps the status before it as a plain string, which the charter does not
    check: one that is not an open status any more resumes as in progress."""
    from wardcase.charter.models import Pause

    services.case_pause(case=assigned, by=world.officer, reason="Photo please")
    Pause.objects.filter(case=assigned).update(previous_status="retired_status")
    services.case_resume(case=assigned, by=world.councillor)
    assigned.refresh_from_db()
    assert assigned.status == Status.IN_PROGRESS


def test_a_proposal_to_close_stops_the_updates_until_the_councillor_answers(world, assigned):
    """Responded 10 March, closure proposed 20 March: no update falls due while the
    councillor decides. Not agreed on 1 April: the resolve clock runs to its first date and
    the next update is due six weeks on, 13 May."""
    with time_machine.travel(at(2026, 3, 10, 12), tick=False):
        services.case_add_event(
            case=assigned, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Repair booked."
        )
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        services.case_propose_closure(case=assigned, by=world.officer, reason="Repaired.")
    assert set(clocks(assigned)) == set()  # respond met on the 10th; resolve, update met now
    resolve = Clock.objects.get(case=assigned, kind=Kind.RESOLVE)
    assert (resolve.state, resolve.met_at) == (State.MET, at(2026, 3, 20, 12))

    with time_machine.travel(at(2026, 4, 1, 12), tick=False):
        services.case_decline_closure(
            case=assigned, by=world.councillor, reason="The kerb is still broken."
        )
    live = clocks(assigned)
    assert set(live) == {Kind.RESOLVE, Kind.UPDATE}
    assert live[Kind.RESOLVE].state == State.RUNNING
    assert live[Kind.RESOLVE].due_on == date(2026, 9, 2)
    assert live[Kind.RESOLVE].met_at is None and live[Kind.RESOLVE].working_days is None
    assert live[Kind.UPDATE].due_on == date(2026, 5, 13)
    assigned.refresh_from_db()
    assert assigned.closure_proposed_at is None and assigned.is_open


def test_a_late_proposal_not_agreed_is_breached_again(world, assigned):
    """Proposed after the six months were up: met late, breached. Not agreed: breached
    still, and never counted as met."""
    with time_machine.travel(at(2026, 9, 10, 12), tick=False):
        from wardcase.cases.services.charter_sweep import sla_sweep

        sla_sweep()
        services.case_propose_closure(case=assigned, by=world.officer, reason="Done at last.")
        services.case_decline_closure(case=assigned, by=world.caseworker, reason="It is not.")
    resolve = Clock.objects.get(case=assigned, kind=Kind.RESOLVE)
    assert resolve.state == State.BREACHED and resolve.breached_at is not None
    assert resolve.met_at is None


def test_only_the_councillors_side_answers_a_proposal_and_only_while_it_stands(world, assigned):
    with pytest.raises(ActionNotAllowed):  # nothing proposed yet
        services.case_decline_closure(case=assigned, by=world.councillor, reason="No")
    services.case_propose_closure(case=assigned, by=world.officer, reason="Done.")
    for someone in (world.officer, world.coordinator, world.other_councillor):
        with pytest.raises(ActionNotAllowed):
            services.case_decline_closure(case=assigned, by=someone, reason="No")
    with pytest.raises(ServiceError):
        services.case_decline_closure(case=assigned, by=world.councillor, reason="  ")
    assigned.refresh_from_db()
    assert assigned.closure_proposed_at is not None
    assert not assigned.events.filter(kind=EventKind.CLOSURE_DECLINED).exists()
