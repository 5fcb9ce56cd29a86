"""The search page and saved searches."""

import pytest
from django.urls import reverse

from wardcase.cases import services
from wardcase.search.models import SavedSearch

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    """Searching needs signing in."""
    response = client.get(URL, {"q": "pothole"})
    assert response.status_code == 302
    assert "sign-in" in response.url


def test_administrators_may_not_search(client, world):
    """Administrators see no case content, so the search page is forbidden to them."""
    client.force_login(world.administrator)
    assert client.get(URL, {"q": "pothole"}).status_code == 403


def test_a_councillor_finds_their_case_with_the_match_highlighted(client, world):
    """The results table links the case and marks the matching words."""
    client.force_login(world.councillor)
    response = client.get(URL, {"q": "deep"})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.case.get_absolute_url() in html
    assert "<mark>deep</mark>" in html
    assert world.other_case.reference not in html


def test_a_subject_with_html_is_shown_escaped(client, world):
    """A case subject containing <script> is shown as text, never run."""
    services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="<script>alert('x')</script> graffiti",
        description="Graffiti <img src=x onerror=alert(1)> on the wall",
        service=world.service,
        constituent={"name": "Di Resident"},
    )
    client.force_login(world.councillor)
    html = client.get(URL, {"q": "graffiti"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<img src=x" not in html
    assert "<mark>Graffiti</mark>" in html


def test_a_bad_postcode_gets_a_clear_error(client, world):
    """A postcode filter that is not a postcode or the start of one is explained."""
    client.force_login(world.councillor)
    response = client.get(URL, {"postcode": "9Q!"})
    assert response.status_code == 200
    assert "Enter a postcode or the start of one" in response.content.decode()


def test_filter_by_postcode_sector(client, world):
    """A postcode sector finds the cases of constituents in it."""
    client.force_login(world.councillor)
    html = client.get(URL, {"postcode": "te1 1"}).content.decode()
    assert world.case.reference in html


@pytest.mark.parametrize("count", [3, 30])
def test_a_page_of_results_takes_a_constant_number_of_queries(
    client, hedge_cases, world, count, django_assert_max_num_queries
):
    """The page costs the same number of queries for 3 matching cases as for 30. The cap
    counts the user's grants (one query a request) and, on PostgreSQL, PostgreSQL's
    estimate of the matches (planning only, `engines.matches_estimate`) and the planner
    settings (`engines.plain_plans`) before each of the two search queries."""
    hedge_cases(count)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(18):
        response = client.get(URL, {"q": "hedge", "status": "open"})
    assert response.status_code == 200
    assert "<mark>" in response.content.decode()


def test_saved_searches_are_saved_listed_and_deleted(client, world):
    """A user saves the current search with a name, sees it listed and deletes it."""
    client.force_login(world.councillor)
    response = client.post(
        reverse("search:save"), {"name": "Potholes", "querystring": "q=pothole&page=2&evil=1"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=world.councillor)
    assert saved.querystring == "q=pothole"
    html = client.get(URL).content.decode()
    assert "Potholes" in html and "?q=pothole" in html
    response = client.post(reverse("search:delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_an_empty_saved_searches_list_gives_way_to_the_results(client, world):
    """With nothing saved, the page says how to save a search before a search is run,
    and says nothing about it above the results."""
    client.force_login(world.councillor)
    assert "You have no saved searches" in client.get(URL).content.decode()
    html = client.get(URL, {"q": "pothole"}).content.decode()
    assert world.case.reference in html and "You have no saved searches" not in html


def test_saving_without_a_name_is_explained_and_loses_nothing(client, world):
    """Saving with no name shows the error and the search again."""
    client.force_login(world.councillor)
    response = client.post(reverse("search:save"), {"name": " ", "querystring": "q=pothole"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a name for this search" in html
    assert world.case.reference in html


def test_saved_searches_are_private(client, world):
    """Nobody sees or deletes another user's saved search."""
    saved = SavedSearch.objects.create(
        user=world.councillor, name="Secret list", querystring="q=pothole"
    )
    client.force_login(world.other_councillor)
    assert "Secret list" not in client.get(URL).content.decode()
    assert client.post(reverse("search:delete", args=[saved.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
