"""Ward colleagues and consent; restricted cases and who may see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.conftest import assign
from wardcase.cases import selectors, services
from wardcase.cases.services.sharing import case_share
from wardcase.permissions.case_actions import can_add_attachment, can_chase, can_edit_details
from wardcase.permissions.visibility import can_see_contact_details

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sees(user, case):
    return selectors.visible_cases(user=user).filter(pk=case.pk).exists()


def consent(case, value=True):
    case.consent_share_ward = value
    case.save(update_fields=["consent_share_ward"])
    return case


def test_ward_colleague_sees_a_consented_case_read_only(world):
    """With consent, another councillor of the ward sees the case but cannot act on it."""
    consent(world.case)
    assert sees(world.other_councillor, world.case)
    assert not can_edit_details(world.other_councillor, world.case)
    assert not can_chase(world.other_councillor, world.case)
    assert not can_add_attachment(world.other_councillor, world.case)


def test_councillor_of_another_ward_sees_nothing_even_with_consent(world):
    """Consent reaches the case's own ward, not every councillor."""
    consent(world.case)
    elsewhere = factories.CouncillorFactory()
    assert not sees(elsewhere, world.case)


def test_ward_colleague_does_not_see_a_restricted_case_even_with_consent(world):
    """Restricted beats ward consent."""
    consent(world.case)
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    assert not sees(world.other_councillor, world.case)


def token_client(user):
    token, _ = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_without_consent_a_ward_colleague_gets_nothing_anywhere(client, world):
    """Lists, counts, the API list, the case page, its attachments and the API detail all
    give the ward colleague nothing; with consent the same places show it."""
    services.case_attach(
        case=world.case,
        by=world.councillor,
        files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
    )
    attachment = world.case.attachments.get()
    ref = world.case.reference
    colleague = world.other_councillor
    client.force_login(colleague)
    home = client.get(reverse("home"), {"status": "all"})
    assert ref not in home.content.decode()
    assert selectors.case_list(user=colleague).filter(pk=world.case.pk).count() == 0
    assert selectors.visible_cases(user=colleague).count() == 1  # only their own case
    assert client.get(reverse("cases:detail", args=[ref])).status_code == 404
    url = reverse("cases:attachment", args=[ref, attachment.pk])
    assert client.get(url).status_code == 404
    api = token_client(colleague)
    listed = api.get("/api/v1/cases/").json()
    assert ref not in str(listed)
    assert api.get(f"/api/v1/cases/{ref}/").status_code == 404

    consent(world.case)
    assert selectors.visible_cases(user=colleague).count() == 2
    assert client.get(reverse("cases:detail", args=[ref])).status_code == 200
    assert client.get(url).status_code == 200
    assert ref in str(api.get("/api/v1/cases/").json())
    assert api.get(f"/api/v1/cases/{ref}/").status_code == 200


def restricted_case(world):
    case = world.case
    case.refresh_from_db()
    case.restricted = True
    case.save(update_fields=["restricted"])
    return case


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("councillor", True),
        ("caseworker", True),
        ("officer", True),  # the lead officer
        ("head", False),
        ("coordinator", False),
        ("other_councillor", False),
        ("other_officer", False),
        ("administrator", False),
        ("colleague", False),  # another officer of the department
    ],
)
def test_restricted_case_matrix(world, who, expected):
    """A routed restricted case reaches only the owner's side and the lead officer."""
    assign(world)
    restricted_case(world)
    user = (
        factories.OfficerFactory(department=world.department)
        if who == "colleague"
        else getattr(world, who)
    )
    assert sees(user, world.case) is expected


@pytest.mark.parametrize("who", ["head", "coordinator", "other_councillor", "other_officer"])
def test_naming_someone_on_a_restricted_case_lets_them_see_it(world, who):
    """A share is how anyone beyond the owner and lead officer is let in."""
    assign(world)
    restricted_case(world)
    user = getattr(world, who)
    case_share(case=world.case, by=world.councillor, user=user, reason="Needed")
    assert sees(user, world.case)


def test_coordinator_sees_a_restricted_case_only_to_route_it(world):
    """A coordinator triages an unrouted restricted case; once routed it leaves their view."""
    restricted_case(world)
    assert sees(world.coordinator, world.case)
    assign(world)
    assert not sees(world.coordinator, world.case)


def test_only_the_lead_officer_sees_contact_details_on_a_restricted_case(world):
    """Officers named on a restricted case see what they need, not how to reach the person."""
    assign(world)
    case = restricted_case(world)
    case_share(case=case, by=world.councillor, user=world.other_officer, reason="Housing")
    assert can_see_contact_details(world.officer, case)
    assert not can_see_contact_details(world.other_officer, case)
    assert can_see_contact_details(world.councillor, case)
    assert can_see_contact_details(world.caseworker, case)
    assert not can_see_contact_details(world.other_councillor, case)


def test_restricted_case_page_hides_contact_details_from_a_shared_officer(client, world):
    """On the page itself the shared officer gets the case without the email address."""
    assign(world)
    case = restricted_case(world)
    case_share(case=case, by=world.councillor, user=world.other_officer, reason="Housing")
    client.force_login(world.other_officer)
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert page.status_code == 200
    assert "ada@example.org" not in page.content.decode()
    client.force_login(world.officer)
    assert "ada@example.org" in client.get(case.get_absolute_url()).content.decode()
