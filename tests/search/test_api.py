"""GET /api/v1/search/: the same service and filters as the page."""

import pytest
from django.urls import reverse

from tests.conftest import assign

pytestmark = pytest.mark.django_db
API = reverse("api-search")


def test_anonymous_callers_are_refused(client, world):
    """The API needs a signed-in user."""
    assert client.get(API, {"q": "pothole"}).status_code in {401, 403}


def test_administrators_are_refused(client, world):
    """Administrators see no case content, so they cannot search it."""
    client.force_login(world.administrator)
    assert client.get(API, {"q": "pothole"}).status_code == 403


def test_results_carry_reference_subject_status_snippet_and_rank(client, world):
    """Each result says what the case is and why it matched, paginated like the case list."""
    client.force_login(world.councillor)
    body = client.get(API, {"q": "deep pothole"}).json()
    assert body["count"] == 1
    [result] = body["results"]
    assert result["reference"] == world.case.reference
    assert result["subject"] == "Pothole on Mill Lane"
    assert result["status"] == "new"
    assert "<mark>" in result["snippet"]
    assert result["rank"] > 0


def test_filters_apply_as_on_the_page(client, world):
    """Ward, department and other filters narrow the results; ids and ISO dates are taken."""
    assign(world)
    client.force_login(world.coordinator)
    refs = lambda params: [r["reference"] for r in client.get(API, params).json()["results"]]  # noqa: E731
    assert refs({"department": world.department.pk}) == [world.case.reference]
    assert refs({"created_from": "2000-01-01", "officer": world.officer.pk}) == [
        world.case.reference
    ]
    assert refs({"created_to": "2000-01-01"}) == []


def test_bad_filters_get_a_clear_message(client, world):
    """An unknown status or a bad date is named in `detail` and `field`."""
    client.force_login(world.coordinator)
    response = client.get(API, {"status": "lost"})
    assert response.status_code == 400
    assert response.json()["field"] == "status"
    response = client.get(API, {"created_from": "yesterday"})
    assert response.status_code == 400
    assert response.json()["field"] == "created_from"
