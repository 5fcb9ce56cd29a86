"""Possible duplicates: the same person before, the same issue in the ward, and links."""

import datetime

import pytest
import time_machine

from tests import factories
from tests.conftest import assign
from tests.sharing_fixtures import neighbour_case, person_with_a_case
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.links import linked_cases
from wardcase.cases.services.linking import case_link, case_respond_linked, case_unlink
from wardcase.cases.similar import (
    SAME_ISSUE,
    SAME_PERSON,
    WARD_COLLEAGUE,
    earlier_cases_of_person,
    same_issue_cases,
    similar_to_case,
)
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError


def pothole(world, consent=False):
    """Another pothole case on Mill Lane from a neighbour, with another ward councillor."""
    return neighbour_case(world, consent=consent)


def test_earlier_cases_of_the_same_person_are_found(world):
    """Ada's new details match her earlier case by email and name, with reasons."""
    found = earlier_cases_of_person(
        user=world.councillor,
        details={"name": "Ada Resident", "email": "ada@example.org", "postcode": "TE1 1ST"},
    )
    assert [c.case for c in found] == [world.case]
    assert found[0].kind == SAME_PERSON and found[0].score >= 90
    assert "same email address" in found[0].reasons


def test_earlier_cases_are_only_those_the_user_may_see(world):
    """Another councillor typing Ada's details learns nothing of her case."""
    found = earlier_cases_of_person(
        user=world.other_councillor,
        details={"name": "Ada Resident", "email": "ada@example.org"},
    )
    assert found == []


def ada_pothole_issues(world):
    """What a coordinator logging Ada's pothole in her ward is shown as the same issue."""
    return same_issue_cases(
        user=world.coordinator,
        service=world.service,
        ward=world.ward,
        postcode="TE1 1ST",
        text="Pothole on Mill Lane: a deep pothole outside number 4.",
    )


def test_same_issue_in_the_ward_is_found_with_reasons(world):
    """A neighbour's pothole case with another ward councillor is a candidate."""
    other = pothole(world, consent=True)
    found = ada_pothole_issues(world)
    assert {c.case for c in found} == {other, world.case}
    assert all("same postcode sector" in c.reasons for c in found)
    assert all(c.kind == SAME_ISSUE and 0 < c.score <= 100 for c in found)


def test_ward_colleague_case_without_consent_gives_nothing(world):
    """Without consent the other councillor's similar case is not even hinted at."""
    pothole(world, consent=False)
    assert similar_to_case(user=world.councillor, case=world.case) == []


def test_ward_colleague_case_the_user_cannot_open_is_anonymous(world):
    """A caseworker sees only that a ward colleague has a similar case: no details."""
    pothole(world, consent=True)
    found = similar_to_case(user=world.caseworker, case=world.case)
    assert len(found) == 1
    assert found[0].kind == WARD_COLLEAGUE
    assert found[0].case is None and found[0].reference is None
    assert found[0].reasons[0] == "a ward colleague has a similar case"


def test_ward_councillor_with_consent_sees_the_case_in_full(world):
    """With consent the ward colleague may open the case, so it is shown in full."""
    other = pothole(world, consent=True)
    found = similar_to_case(user=world.councillor, case=world.case)
    assert [c.case for c in found] == [other]


def test_old_closed_or_unrelated_cases_are_not_candidates(world):
    """Outside the window, closed, or another service: not candidates."""
    with time_machine.travel(datetime.datetime(2025, 1, 5, 10, tzinfo=datetime.UTC)):
        pothole(world, consent=True)
    closed = pothole(world, consent=True)
    services.case_close(case=closed, by=world.other_councillor, outcome="resolved")
    other_service = factories.ServiceFactory(department=world.department)
    services.case_create(
        by=world.other_councillor,
        owner=world.other_councillor,
        subject="Pothole on Mill Lane",
        description="Deep pothole",
        service=other_service,
        constituent={"name": "Di"},
        consent_share_ward=True,
    )
    assert similar_to_case(user=world.coordinator, case=world.case) == []


def test_linking_records_both_timelines_and_shows_each_other(world):
    """Linked cases show each other, only to those who may see them."""
    other = pothole(world, consent=False)
    link = case_link(case=world.case, other=other, by=world.coordinator, reason="Same pothole")
    assert link.case_a_id < link.case_b_id
    assert world.case.events.filter(kind=EventKind.LINKED).exists()
    assert other.events.filter(kind=EventKind.LINKED).exists()
    assert AuditEntry.objects.filter(action="case.linked").count() == 2
    assert linked_cases(user=world.coordinator, case=world.case) == ([other], 0)
    # The councillor learns only that one linked case exists that they may not open.
    assert linked_cases(user=world.councillor, case=world.case) == ([], 1)
    candidates = similar_to_case(user=world.coordinator, case=world.case)
    assert candidates[0].linked is True


def test_link_refusals(world):
    """Linking to itself, twice, to an unseen case, or without permission is refused."""
    other = pothole(world, consent=False)
    with pytest.raises(ServiceError):
        case_link(case=world.case, other=world.case, by=world.coordinator)
    with pytest.raises(NotFound):
        case_link(case=world.case, other=other, by=world.councillor)
    case_link(case=other, other=world.case, by=world.coordinator)
    with pytest.raises(ServiceError):
        case_link(case=world.case, other=other, by=world.coordinator)
    with pytest.raises(ActionNotAllowed):
        case_link(case=world.case, other=other, by=_consenting_colleague_view(world, other))


def test_a_link_made_in_error_is_removed_with_a_reason(world):
    """Unlinking needs a reason, leaves both timelines saying so, and the cases stop
    showing each other; a second unlink is refused as not linked."""
    other = pothole(world, consent=False)
    case_link(case=world.case, other=other, by=world.coordinator, reason="Same pothole")
    with pytest.raises(ServiceError) as no_reason:
        case_unlink(case=world.case, other=other, by=world.coordinator, reason="  ")
    assert no_reason.value.field == "reason"
    case_unlink(case=other, other=world.case, by=world.coordinator, reason="Different street")
    assert linked_cases(user=world.coordinator, case=world.case) == ([], 0)
    for case in (world.case, other):
        event = case.events.get(kind=EventKind.UNLINKED)
        assert event.body == "Different street"
    assert AuditEntry.objects.filter(action="case.unlinked").count() == 2
    with pytest.raises(ServiceError) as again:
        case_unlink(case=world.case, other=other, by=world.coordinator, reason="Again")
    assert again.value.field == "reference"


def test_unlink_refusals(world):
    """A case the user cannot see reads as not found; a colleague who may see both but owns
    neither may not unlink."""
    other = pothole(world, consent=False)
    case_link(case=world.case, other=other, by=world.coordinator)
    with pytest.raises(NotFound):
        case_unlink(case=world.case, other=other, by=world.councillor, reason="Not mine")
    with pytest.raises(ActionNotAllowed):
        colleague = _consenting_colleague_view(world, other)
        case_unlink(case=world.case, other=other, by=colleague, reason="Not mine")
    assert linked_cases(user=world.coordinator, case=world.case) == ([other], 0)


def _consenting_colleague_view(world, other):
    """A ward councillor who can see both cases (consent) but owns neither."""
    for case in (world.case, other):
        case.consent_share_ward = True
        case.save(update_fields=["consent_share_ward"])
    return factories.CouncillorFactory(ward=world.ward)


def test_officer_response_goes_to_every_linked_case(world):
    """One full response lands on both cases; each councillor is told and keeps their case."""
    from wardcase.mail.models import OutboxMessage

    other = pothole(world)
    case = assign(world)
    other = assign(world, other)
    case_link(case=case, other=other, by=world.coordinator)
    events, skipped = case_respond_linked(
        case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Repaired today."
    )
    assert {e.case_id for e in events} == {case.pk, other.pk} and skipped == 0
    assert OutboxMessage.objects.filter(recipient=world.councillor).exists()
    assert OutboxMessage.objects.filter(recipient=world.other_councillor).exists()
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.status == other.status == "responded"
    assert case.owner != other.owner


def test_linked_case_the_officer_does_not_work_on_is_skipped(world):
    """An unassigned linked case is not answered by the officer; the count says so."""
    other = pothole(world)
    case = assign(world)
    case_link(case=case, other=other, by=world.coordinator)
    events, skipped = case_respond_linked(
        case=case, by=world.officer, kind=EventKind.UPDATE, body="Looking into it."
    )
    assert [e.case_id for e in events] == [case.pk] and skipped == 1


def test_respond_linked_refuses_notes_and_non_officers(world):
    """Only updates and full responses, by someone who may respond."""
    with pytest.raises(ServiceError):
        case_respond_linked(case=world.case, by=world.officer, kind=EventKind.NOTE, body="x")
    with pytest.raises(ActionNotAllowed):
        case_respond_linked(
            case=assign(world), by=world.councillor, kind=EventKind.UPDATE, body="x"
        )


def test_similar_queries_are_bounded(world, django_assert_max_num_queries):
    """Forty cases in the ward still cost a handful of queries; the best ten are shown."""
    for _ in range(40):
        pothole(world, consent=True)
    with django_assert_max_num_queries(6):
        found = similar_to_case(user=world.councillor, case=world.case)
    assert len(found) == 10


def test_a_common_surname_alone_reads_nothing(world, django_assert_num_queries):
    """Namesakes of the typed surname are not even read: a name alone cannot make a
    match, so only the email, phone or postcode beside it finds a person."""
    for first in ("Bo", "Cy", "Di"):
        person_with_a_case(world, name=f"{first} Resident", postcode="TE9 9AA")
    with django_assert_num_queries(0):
        assert (
            earlier_cases_of_person(user=world.councillor, details={"name": "Sam Resident"}) == []
        )
    found = earlier_cases_of_person(
        user=world.councillor, details={"name": "Sam Resident", "email": "ada@example.org"}
    )
    assert [c.case for c in found] == [world.case]


def test_name_and_postcode_still_find_the_person(world):
    """Ada typed by name and postcode alone, no email, is found; her postcode alone with
    another name is not."""
    found = earlier_cases_of_person(
        user=world.councillor, details={"name": "Ada Resident", "postcode": "te1 1st"}
    )
    assert [c.case for c in found] == [world.case]
    assert "same postcode" in found[0].reasons and "same name" in found[0].reasons
    other = earlier_cases_of_person(
        user=world.councillor, details={"name": "Zed Other", "postcode": "TE1 1ST"}
    )
    assert other == []


def test_same_issue_in_the_sector_outside_the_ward_is_found(world):
    """A similar case of another ward whose person lives in the same postcode sector is a
    candidate; one from another sector is not."""
    elsewhere = factories.CouncillorFactory(ward=factories.WardFactory(council=world.council))

    def pothole_of(postcode):
        return services.case_create(
            by=elsewhere,
            owner=elsewhere,
            subject="Pothole on Mill Lane",
            description="Deep pothole near number 8.",
            service=world.service,
            constituent={"name": "Di Over", "postcode": postcode},
        )

    near, far = pothole_of("TE1 1XY"), pothole_of("TE9 9XY")
    found = ada_pothole_issues(world)
    cases = {c.case for c in found}
    assert near in cases and far not in cases and world.case in cases
    assert "same postcode sector" in next(c for c in found if c.case == near).reasons
