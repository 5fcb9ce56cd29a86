"""Search results are counted only up to a cap, on the page and in the API alike."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wardcase.cases import services
from wardcase.search.paging import CappedResults
from wardcase.search.selectors import search_cases

pytestmark = pytest.mark.django_db


class CapOfThree(CappedResults):
    cap = 3


def test_the_count_is_exact_up_to_the_cap(hedge_cases, world):
    """Three matches under a cap of three are counted exactly, with nothing more to say."""
    hedge_cases(3)
    results = CapOfThree(search_cases(user=world.coordinator, query="hedge"))
    paginator = Paginator(results, 2)
    assert paginator.count == 3
    assert not results.over_cap
    assert paginator.num_pages == 2


def test_beyond_the_cap_the_count_stops_and_says_there_are_more(hedge_cases, world):
    """Five matches under a cap of three count as three, over the cap, in pages of them."""
    hedge_cases(5)
    results = CapOfThree(search_cases(user=world.coordinator, query="hedge"))
    paginator = Paginator(results, 2)
    assert paginator.count == 3
    assert results.over_cap
    assert paginator.num_pages == 2
    assert len(paginator.page(2).object_list) == 1


def test_the_count_is_one_statement_that_stops_after_the_cap(hedge_cases, world):
    """Counting never walks every match: one statement fetches at most cap + 1 ids."""
    hedge_cases(5)
    results = CapOfThree(search_cases(user=world.coordinator, query="hedge"))
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 3
    [count_query] = [q["sql"] for q in queries.captured_queries if "cases_case" in q["sql"]]
    assert "LIMIT 4" in count_query.upper()


def test_beyond_the_cap_only_the_most_recent_matches_are_ranked(hedge_cases, world):
    """Over the cap, the pages hold the most recent `cap` matches, best match first."""
    hedge_cases(4)
    services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="Hedge hedge hedge cut back",
        description="The hedge, the hedge.",
        service=world.service,
        constituent={"name": "Newest Resident"},
    )
    cases = search_cases(user=world.coordinator, query="hedge")
    newest_three = sorted(cases.values_list("pk", flat=True), reverse=True)[:3]
    results = CapOfThree(cases)
    listed = results[0:3]
    assert sorted(case.pk for case in listed) == sorted(newest_three)
    assert listed[0].subject == "Hedge hedge hedge cut back"
    assert listed[0].search_rank >= listed[1].search_rank >= listed[2].search_rank


def test_the_page_says_more_than_the_cap_and_how_to_narrow(client, hedge_cases, world, monkeypatch):
    """Over the cap, the page says there are more and asks for words or filters."""
    hedge_cases(5)
    monkeypatch.setattr(CappedResults, "cap", 3)
    client.force_login(world.coordinator)
    html = client.get(reverse("search:search"), {"q": "hedge"}).content.decode()
    assert "More than 3 cases found" in html
    assert "Add words or filters to narrow the search" in html
    assert "3 cases found" not in html.replace("More than 3 cases found", "")


def test_under_the_cap_the_page_gives_the_exact_count(client, hedge_cases, world):
    """Under the cap the heading gives the exact number and no advice."""
    hedge_cases(2)
    client.force_login(world.coordinator)
    html = client.get(reverse("search:search"), {"q": "hedge"}).content.decode()
    assert "2 cases found" in html
    assert "More than" not in html


def test_the_api_caps_the_count_and_says_there_are_more(client, hedge_cases, world, monkeypatch):
    """The API's `count` stops at the cap and `more` says whether more cases matched."""
    hedge_cases(5)
    monkeypatch.setattr(CappedResults, "cap", 3)
    client.force_login(world.coordinator)
    body = client.get(reverse("api-search"), {"q": "hedge"}).json()
    assert body["count"] == 3
    assert body["more"] is True
    assert len(body["results"]) == 3


def test_the_api_gives_the_exact_count_under_the_cap(client, hedge_cases, world):
    """Under the cap the API's count is exact and `more` is false."""
    hedge_cases(2)
    client.force_login(world.coordinator)
    body = client.get(reverse("api-search"), {"q": "hedge"}).json()
    assert (body["count"], body["more"]) == (2, False)


def test_an_api_page_takes_as_many_queries_for_30_results_as_for_3(client, hedge_cases, world):
    """The API answers 30 matching cases in exactly as many queries as 3."""
    client.force_login(world.coordinator)
    queries_for = {}
    for made, total in ((3, 3), (27, 30)):
        hedge_cases(made)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("api-search"), {"q": "hedge"})
        assert len(response.json()["results"]) == total
        queries_for[total] = len(queries.captured_queries)
    assert queries_for[3] == queries_for[30]


def test_pages_follow_one_order_best_match_first(hedge_cases, world):
    """Page after page continues the ranked order of the whole search, without repeats."""
    hedge_cases(5)
    cases = search_cases(user=world.coordinator, query="hedge")
    expected = [case.pk for case in cases]
    paginator = Paginator(CappedResults(cases), 2)
    listed = [case.pk for number in paginator.page_range for case in paginator.page(number)]
    assert listed == expected
    assert CappedResults(cases)[0].pk == expected[0]


def test_someone_who_sees_a_slice_also_gets_their_most_recent_matches(hedge_cases, world):
    """A councillor's search over the cap offers their own most recent matches, as a
    coordinator's does, and nothing from another councillor."""
    hedge_cases(5)
    services.case_create(
        by=world.other_councillor,
        owner=world.other_councillor,
        subject="Hedge on the corner",
        description="Another councillor's hedge.",
        service=world.service,
        constituent={"name": "Other Resident"},
    )
    cases = search_cases(user=world.councillor, query="hedge")
    own = sorted(cases.values_list("pk", flat=True), reverse=True)
    results = CapOfThree(cases)
    assert results.over_cap
    assert sorted((case.pk for case in results[0:3]), reverse=True) == own[:3]
    assert all(case.owner == world.councillor for case in results[0:3])


@pytest.mark.parametrize("how", ["index", "scan"])
@pytest.mark.parametrize(
    "windows",
    ["none", "newest only", "too narrow", "too narrow, then enough", "everything", "walk"],
)
def test_a_slice_gets_the_same_newest_matches_with_or_without_a_window(
    hedge_cases, world, monkeypatch, windows, how
):
    """Whether the search looks at all the matches at once, or first among the newest
    cases (enough there, or too few so it looks at older ones, window after window, or a
    window holding every case), through the index or scanning each window, or walks the
    documents newest first, a councillor gets their own newest matches over the cap, best
    first, and never another councillor's."""
    from wardcase.search import selectors

    hedge_cases(5)
    services.case_create(
        by=world.other_councillor,
        owner=world.other_councillor,
        subject="Hedge hedge hedge on the corner",
        description="Another councillor's hedge, the newest of all.",
        service=world.service,
        constituent={"name": "Other Resident"},
    )
    own = sorted(search_cases(user=world.councillor, query="hedge").values_list("pk", flat=True))
    starts = {
        "none": [],
        "newest only": [own[-4]],
        "too narrow": [own[-1]],
        "too narrow, then enough": [own[-1], own[-2], own[-5]],
        "everything": [0],
        "walk": [],
    }
    found = ("walk", []) if windows == "walk" else (how, starts[windows])
    monkeypatch.setattr(selectors, "_how_to_find", lambda user, documents, newest: found)
    monkeypatch.setattr(CappedResults, "cap", 3)
    results = selectors.search_results(user=world.councillor, query="hedge")
    listed = results[0:3]
    assert results.over_cap
    assert sorted((case.pk for case in listed), reverse=True) == own[::-1][:3]
    assert [case.search_rank for case in listed] == sorted(
        (case.search_rank for case in listed), reverse=True
    )
    assert all(case.owner == world.councillor for case in listed)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimate")
def test_the_estimate_of_matches_grows_with_the_word(hedge_cases, world):
    """PostgreSQL's estimate (from its statistics) finds a word in every case more
    common than a word in none, and counts the indexed cases."""
    from wardcase.search import engines, selectors

    hedge_cases(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    common, every = engines.matches_estimate(
        selectors._matching_documents(world.councillor, ["hedge"])
    )
    rare, _ = engines.matches_estimate(
        selectors._matching_documents(world.councillor, ["zanzibar"])
    )
    assert every >= 30
    assert common > rare
