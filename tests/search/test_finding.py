"""How a search finds its newest matches (`selectors._how_to_find`): the rule by the
estimates, the windows that never overlap, and on PostgreSQL the plan of a scanned one."""

import re

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from wardcase.accounts.models import User
from wardcase.search import selectors
from wardcase.search.paging import CappedResults

pytestmark = pytest.mark.django_db

MILLION = 1_000_000


def strategy(matches, reached, cases=MILLION, newest=MILLION):
    return selectors._strategy(
        matches=matches, reached=lambda: reached, cases=cases, newest=lambda: newest
    )


@pytest.mark.parametrize(
    ("matches", "reached", "how", "windows"),
    [
        # A councillor's commonest words (27,000 cases reached): scanned windows.
        (19_816, 27_305, "scan", 2),
        (8_759, 27_305, "scan", 2),
        # Rarer in their cases: a scan would read too many of them; the index.
        (4_753, 27_305, "index", 1),
        (1_081, 27_305, "index", 0),
        # An officer (203,000 reached): a walk for the commonest, else the index.
        (144_651, 203_307, "walk", 0),
        (61_983, 203_307, "walk", 0),
        (33_237, 203_307, "index", 2),
        (372, 203_307, "index", 0),
        # A coordinator reaches nearly every case: never scans.
        (706_480, 973_577, "walk", 0),
        (1_924, 973_577, "index", 0),
    ],
)
def test_the_way_follows_the_estimates(matches, reached, how, windows):
    """Many matches among few cases reached are scanned window by window; many among
    many reached are walked; the rest come through the index, in windows when there are
    more than a few times the cap. (The estimates are those of the bench's users at a
    million cases.)"""
    found, starts = strategy(matches, reached)
    assert (found, len(starts)) == (how, windows)
    assert starts == sorted(starts, reverse=True)


def test_few_matches_go_through_the_index_without_asking_for_the_reach():
    """A rare word or a reference is found through the index (walked only on a tiny
    council) without a second estimate."""

    def unasked():
        raise AssertionError("the reach was estimated")

    found = selectors._strategy(matches=55, reached=unasked, cases=MILLION, newest=unasked)
    assert found == ("index", [])
    tiny = selectors._strategy(matches=900, reached=unasked, cases=100, newest=unasked)
    assert tiny == ("walk", [])


def test_a_window_never_starts_before_the_first_case():
    """Windows wider than every case are left out: the last statement reads them all."""
    assert strategy(matches=4_000, reached=8_000, cases=10_000, newest=10_000) == ("index", [])
    found, starts = strategy(matches=60_000, reached=90_000)
    assert found == "scan"
    assert starts == [975_000, 900_000]


def test_a_scanned_window_goes_inside_each_branch_of_the_reach():
    """The window narrows each way the user reaches a case, and the whole when the reach
    is not an OR."""
    reach = Q(owner_id__in=[1]) | Q(ward_id=2, restricted=False)
    window = selectors._window(10, 20)
    inside = selectors._within(reach, window)
    assert inside.connector == Q.OR
    assert len(inside.children) == 2
    assert inside.children == [Q(branch) & window for branch in reach.children]
    assert selectors._within(Q(owner_id=1), window) == Q(owner_id=1) & window
    assert selectors._within(reach, selectors._window(None, None)) == reach


def test_windows_are_asked_only_for_what_is_still_missing(hedge_cases, world, monkeypatch):
    """Each window after the first is asked only for the matches the ones before did
    not find, so none is read twice and the count stops at the cap + 1."""
    hedge_cases(6)
    own = sorted(
        selectors.search_cases(user=world.councillor, query="hedge").values_list("pk", flat=True)
    )
    starts = [own[-1], own[-3], own[-5]]
    monkeypatch.setattr(selectors, "_how_to_find", lambda user, documents: ("scan", starts))
    monkeypatch.setattr(CappedResults, "cap", 3)
    results = selectors.search_results(user=world.councillor, query="hedge")
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 3
    limits = [
        int(re.search(r"LIMIT (\d+)", q["sql"]).group(1))
        for q in queries.captured_queries
        if "search_rank" in q["sql"]
    ]
    # One match in the first window, two in the second, then one more of the third's two.
    assert limits == [4, 3, 1]
    recent = [row[0] for row in results._recent]
    assert recent == own[::-1][:4]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_a_scanned_window_tests_the_words_on_the_row_not_in_the_words_index(hedge_cases, world):
    """A scanned window finds a councillor's cases in it by their keys and ids (at a
    million cases through search migration 0007's indexes of key and id; on a test's few
    rows the planner may take the primary key; bench/README.md has the plans) and tests
    the words on each row: the GIN index, which would hand over
    a common word's every document, cannot be read for the words (the search through
    the index still may)."""
    hedge_cases(3)
    councillor = User.objects.get(pk=world.councillor.pk)

    def plan(indexed):
        rows = selectors._matching_documents(councillor, ["hedge"], (1, None), indexed)
        sql, params = rows.values("pk").query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    scanned = plan(indexed=False)
    assert "_gin" not in scanned, scanned
    assert "COALESCE(search_vector" in scanned, scanned
    assert "COALESCE(search_vector" not in plan(indexed=True)


def test_short_lists_of_ids_are_spelt_out_as_the_same_cases(hedge_cases, world):
    """Lists of ids in a reach become one equality per id (which the GIN index takes),
    nested too, and keep the same documents; other conditions are left as they were."""
    from wardcase.search.models import SearchDocument

    hedge_cases(2)
    owners = [world.councillor.pk, world.other_councillor.pk]
    departments = [world.department.pk, world.other_department.pk]
    reach = Q(owner_id__in=owners) | Q(department_id__in=departments, restricted=False)
    spelt = selectors._spelt_out(reach)
    assert "IN (" not in str(SearchDocument.objects.filter(spelt).query)
    assert ("owner_id", owners[0]) in spelt.children[0].children
    documents = SearchDocument.objects.order_by("pk").values_list("pk", flat=True)
    assert list(documents.filter(spelt)) == list(documents.filter(reach))
    assert list(documents.filter(~spelt)) == list(documents.filter(~reach))
    nothing = Q(pk__in=[])
    assert selectors._spelt_out(nothing) == nothing
