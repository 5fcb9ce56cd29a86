"""Rectification and erasure of a constituent's details, each with a recorded reason."""

import pytest

from tests.privacy.conftest import closed_case
from wardcase.audit.models import AuditEntry
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.privacy import services
from wardcase.privacy.anonymise import MARKER
from wardcase.privacy.models import AnonymisedCase


def test_a_coordinator_corrects_details_with_a_reason(world, ada):
    """The new email is stored; the case's timeline and the audit log say what and why."""
    changed = services.constituent_rectify(
        constituent=ada,
        by=world.coordinator,
        reason="Resident wrote to correct it",
        email="ada.r@example.org",
    )
    ada.refresh_from_db()
    assert changed == ["email"] and ada.email == "ada.r@example.org"
    event = world.case.events.get(kind="edited")
    assert event.data["changed"] == ["constituent.email"]
    assert "Resident wrote to correct it" in event.body
    assert "ada@example.org" not in str(event.data) + event.body
    assert AuditEntry.objects.filter(action="privacy.rectified", case=world.case).exists()


def test_a_correction_needs_a_reason_and_valid_values(world, ada):
    """No reason, or an invalid email, is refused and nothing changes."""
    with pytest.raises(ServiceError) as error:
        services.constituent_rectify(constituent=ada, by=world.coordinator, reason=" ", phone="1")
    assert error.value.field == "reason"
    with pytest.raises(ServiceError) as error:
        services.constituent_rectify(
            constituent=ada, by=world.coordinator, reason="typo", email="not-an-email"
        )
    assert error.value.field == "constituent_email"
    ada.refresh_from_db()
    assert ada.email == "ada@example.org"


def test_a_councillor_cannot_use_the_privacy_services(world, ada):
    """Rectification and erasure here belong to coordinators and administrators."""
    with pytest.raises(ActionNotAllowed):
        services.constituent_rectify(constituent=ada, by=world.councillor, reason="x", name="Ada Q")
    with pytest.raises(ActionNotAllowed):
        services.constituent_erase(constituent=ada, by=world.officer, reason="x")


def test_erasure_is_refused_while_a_case_is_open(world, ada):
    """An open case stops erasure with a message naming it; nothing is removed."""
    with pytest.raises(ServiceError) as error:
        services.constituent_erase(constituent=ada, by=world.coordinator, reason="Asked us to")
    assert world.case.reference in error.value.message
    assert not AnonymisedCase.objects.exists()


def test_forced_erasure_anonymises_every_case_of_the_person(world, ada):
    """With force and a reason, the person and all their cases are anonymised at once."""
    closed_case(world, constituent=ada)
    counts = services.constituent_erase(
        constituent=ada, by=world.administrator, reason="Erasure request by letter", force=True
    )
    ada.refresh_from_db()
    assert counts["cases"] == 2 and counts["constituents"] == 1
    assert ada.name == "Anonymised constituent" and ada.email == ""
    assert set(Case.objects.filter(constituent=ada).values_list("description", flat=True)) == {
        MARKER
    }
    assert set(AnonymisedCase.objects.values_list("reason", flat=True)) == {"erasure"}
    entry = AuditEntry.objects.get(action="privacy.erased", case__isnull=True)
    assert entry.detail["reason"] == "Erasure request by letter" and entry.detail["forced"]
    assert Case.objects.get(pk=world.other_case.pk).description != MARKER


def test_erasure_of_a_person_with_only_closed_cases_needs_no_force(world, ada):
    """Once every case is closed the reason alone is enough."""
    from wardcase.cases import services as case_services

    case_services.case_close(case=world.case, by=world.councillor, outcome="withdrawn")
    counts = services.constituent_erase(constituent=ada, by=world.coordinator, reason="Asked")
    assert counts["cases"] == 1
