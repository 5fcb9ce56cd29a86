"""Search never returns a case its user may not see, on the page or through the API."""

import pytest
from django.urls import reverse

from tests.test_idor_matrix import ROLES, matrix_world  # noqa: F401 F811  (a fixture)
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case
from wardcase.permissions.visibility import visible_cases_q
from wardcase.search.indexing import index_cases
from wardcase.search.selectors import search_cases

pytestmark = pytest.mark.django_db
API = reverse("api-search")
PAGE = reverse("search:search")


def _give_unique_words(world):
    """Each candidate case gets a word found nowhere else, in subject, timeline and name."""
    words = {}
    for number, case in enumerate(world.candidates):
        word = f"uniqueword{'abcdefgh'[number]}"
        Case.objects.filter(pk=case.pk).update(subject=f"{case.subject} {word}")
        case.constituent.__class__.objects.filter(pk=case.constituent_id).update(
            name=f"Resident {word}x"
        )
        words[case.pk] = word
    index_cases(case_ids=words)
    return words


def test_no_role_finds_a_case_out_of_its_reach(client, matrix_world):  # noqa: F811
    """Every role searches for a word found only in a case it may not see: nothing comes
    back on the page, in the API or from the service; a role that may see it finds it."""
    world = matrix_world
    words = _give_unique_words(world)
    leaks, seen = [], 0
    for role in ROLES:
        user = getattr(world, role)
        visible = set(Case.objects.filter(visible_cases_q(user)).values_list("pk", flat=True))
        client.force_login(user)
        for case in world.candidates:
            for query in (words[case.pk], f"{words[case.pk]}x", case.reference):
                found = {c.pk for c in search_cases(user=user, query=query)}
                if case.pk in visible:
                    seen += case.pk in found
                    continue
                page = client.get(PAGE, {"q": query}).content.decode()
                api = client.get(API, {"q": query})
                api_refs = [r["reference"] for r in api.json().get("results", [])]
                if (
                    case.pk in found
                    or case.get_absolute_url() in page
                    or case.reference in api_refs
                ):
                    leaks.append((role, case.reference, query))
    assert leaks == []
    assert seen > 0  # the search does find cases for those who may see them


def test_a_ward_colleague_without_consent_finds_nothing(world):
    """A councillor of the same ward does not find a colleague's case without consent to
    share with the ward, and does once the constituent consents."""
    assert world.other_councillor.ward_id == world.case.ward_id or world.case.ward_id is None
    Case.objects.filter(pk=world.case.pk).update(ward=world.ward)
    assert list(search_cases(user=world.other_councillor, query="pothole")) == []
    Case.objects.filter(pk=world.case.pk).update(consent_share_ward=True)
    found = [c.reference for c in search_cases(user=world.other_councillor, query="pothole")]
    assert found == [world.case.reference]


def test_restricted_cases_stay_hidden_from_officers_of_the_department(world):
    """A restricted case is not found by a department officer who is not its lead."""
    services.case_assign(
        case=world.case, by=world.coordinator, department=world.department, lead_officer=world.head
    )
    Case.objects.filter(pk=world.case.pk).update(restricted=True)
    assert list(search_cases(user=world.officer, query="pothole")) == []


def test_internal_notes_never_reach_the_councillors_side_through_the_api(client, world):
    """An internal note's words find nothing for the councillor or caseworker, and staff
    see them in the snippet."""
    services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
    )
    services.case_add_event(
        case=world.case, by=world.officer, kind=EventKind.NOTE, body="Budget quokka approved."
    )
    for user in (world.councillor, world.caseworker):
        client.force_login(user)
        response = client.get(API, {"q": "quokka"})
        assert response.status_code == 200
        assert response.json()["results"] == []
        assert "quokka" not in client.get(PAGE, {"q": "pothole"}).content.decode()
    client.force_login(world.officer)
    [result] = client.get(API, {"q": "quokka"}).json()["results"]
    assert "<mark>quokka</mark>" in result["snippet"]
