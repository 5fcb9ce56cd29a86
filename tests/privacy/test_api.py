"""Finding, correcting and erasing a constituent's details through the API: the same
services, reasons and refusals as the web."""

import pytest

from tests.privacy.conftest import closed_case
from wardcase.audit.models import AuditEntry
from wardcase.privacy.anonymise import MARKER

BASE = "/api/v1/privacy/constituents/"


def test_a_coordinator_finds_and_corrects_a_constituent(api, world, ada):
    """Found by name; a correction needs a reason, changes only what is given, and says so."""
    coordinator = api(world.coordinator)
    found = coordinator.get(BASE, {"q": ada.name[:4]}).json()
    assert [person["id"] for person in found] == [ada.pk]
    url = f"{BASE}{ada.pk}/rectify/"
    missing = coordinator.post(url, {"email": "ada.r@example.org"}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    done = coordinator.post(
        url, {"email": "ada.r@example.org", "reason": "She wrote to us"}, format="json"
    )
    assert done.status_code == 200 and done.json() == {"changed": ["email"]}
    ada.refresh_from_db()
    assert ada.email == "ada.r@example.org"
    assert AuditEntry.objects.filter(action="privacy.rectified", case=world.case).exists()


def test_erasure_is_refused_while_a_case_is_open_unless_forced(api, world, ada):
    """An open case stops erasure with the reference named on `force`; forced, it goes."""
    coordinator = api(world.coordinator)
    url = f"{BASE}{ada.pk}/erase/"
    refused = coordinator.post(url, {"reason": "Asked to be forgotten"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "force"
    assert world.case.reference in refused.json()["detail"]
    erased = coordinator.post(url, {"reason": "Court order", "force": True}, format="json")
    assert erased.status_code == 200 and erased.json()["cases"] >= 1
    world.case.refresh_from_db()
    assert world.case.subject == MARKER


def test_a_closed_persons_details_are_erased(api, world):
    case = closed_case(world, constituent={"name": "Bea Closed", "email": "bea@example.org"})
    response = api(world.administrator).post(
        f"{BASE}{case.constituent_id}/erase/", {"reason": "Asked to be forgotten"}, format="json"
    )
    assert response.status_code == 200
    case.constituent.refresh_from_db()
    assert case.constituent.email == "" and case.constituent.anonymised_at is not None


@pytest.mark.parametrize("role", ["councillor", "caseworker", "officer", "head"])
def test_other_roles_get_nothing(api, world, ada, role):
    """Casework roles are refused: no search results, no correction, no erasure."""
    client = api(getattr(world, role))
    assert client.get(BASE, {"q": ada.name}).status_code == 403
    url = f"{BASE}{ada.pk}/rectify/"
    assert client.post(url, {"name": "X", "reason": "x"}, format="json").status_code == 403
    assert client.post(f"{BASE}{ada.pk}/erase/", {"reason": "x"}, format="json").status_code == 403
    ada.refresh_from_db()
    assert ada.name != "X" and ada.anonymised_at is None


def test_an_unknown_constituent_is_not_found(api, world):
    response = api(world.coordinator).post(f"{BASE}999999/erase/", {"reason": "x"}, format="json")
    assert response.status_code == 404
