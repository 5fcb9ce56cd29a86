"""A departing councillor's open cases go to a successor, case by case, with consent."""

import pytest

from tests.privacy.conftest import live_case
from wardcase.audit.models import AuditEntry
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.privacy import services


def hand_over(world, *, cases, consented, by=None, successor=None):
    return services.cases_hand_over(
        councillor=world.councillor,
        successor=successor or world.other_councillor,
        case_ids=[case.pk for case in cases],
        consented_ids=[case.pk for case in consented],
        by=by or world.coordinator,
    )


def test_chosen_cases_move_to_the_successor_with_consent_recorded(world):
    """Only the chosen case changes owner; its timeline and the audit log record consent."""
    stays = live_case(world, constituent={"name": "Eve Resident"})
    hand_over(world, cases=[world.case], consented=[world.case])
    assert Case.objects.get(pk=world.case.pk).owner == world.other_councillor
    assert Case.objects.get(pk=stays.pk).owner == world.councillor
    event = world.case.events.filter(kind="edited").last()
    assert "consent" in event.body and event.data["before"] == {"owner": "Cllr One"}
    entry = AuditEntry.objects.get(action="privacy.handed_over")
    assert entry.detail["constituent_consented"] is True
    assert entry.detail["new_owner"] == world.other_councillor.pk


def test_a_case_without_confirmed_consent_is_refused(world):
    """Missing consent on any chosen case refuses the whole handover, naming the case."""
    other = live_case(world, constituent={"name": "Eve Resident"})
    with pytest.raises(ServiceError) as error:
        hand_over(world, cases=[world.case, other], consented=[world.case])
    assert other.reference in error.value.message
    assert Case.objects.filter(owner=world.councillor).count() == 2


def test_only_the_departing_councillors_open_cases_can_be_moved(world):
    """Someone else's case in the list is refused."""
    with pytest.raises(ServiceError):
        hand_over(world, cases=[world.other_case], consented=[world.other_case])


def test_the_successor_must_be_another_active_councillor(world):
    """Handing cases to an officer, or to the same councillor, is refused."""
    for successor in (world.officer, world.councillor):
        with pytest.raises(ServiceError) as error:
            hand_over(world, cases=[world.case], consented=[world.case], successor=successor)
        assert error.value.field == "successor"


def test_a_councillor_cannot_hand_over_cases(world):
    """Handover is done by coordinators or administrators."""
    with pytest.raises(ActionNotAllowed):
        hand_over(world, cases=[world.case], consented=[world.case], by=world.councillor)
