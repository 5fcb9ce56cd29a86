"""How a search finds its newest matches (`selectors._how_to_find`): the rule by the
estimates, the windows that never overlap, and on PostgreSQL the plan of a scanned one."""

import re

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from wardcase.accounts.models import User
from wardcase.core.lookups import Ids
from wardcase.search import selectors, windows
from wardcase.search.models import SearchDocument
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
        (19_816, 27_305, "scan", 1),
        (8_759, 27_305, "scan", 1),
        # Rarer in their cases: a scan would read too many of them; the index.
        (4_753, 27_305, "index", 1),
        (1_081, 27_305, "index", 0),
        # An officer (203,000 reached): a walk for the commonest, else the index.
        (144_651, 203_307, "walk", 0),
        (61_983, 203_307, "walk", 0),
        (33_237, 203_307, "index", 1),
        (372, 203_307, "index", 0),
        # A coordinator reaches nearly every case: never scans.
        (706_480, 973_577, "walk", 0),
        (1_924, 973_577, "index", 0),
    ],
)
def test_the_way_follows_the_estimates(matches, reached, how, windows):
    """Many matches among few cases reached are scanned window by window; many among
    many reached are walked; the rest come through the index, in windows when there are
    more than a few times the cap. The estimates set the first window only; the next
    are sized by what it found (`windows.in_turn`). (The estimates are those of the
    bench's users at a million cases.)"""
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
    assert starts == [975_000]


def test_windows_through_the_index_are_whole_eras():
    """A window looked up in the GIN index starts where an era does (`windows.by_era`
    then needs no bounds of ids)."""
    found, starts = strategy(matches=33_237, reached=203_307)
    assert found == "index"
    assert starts
    assert all(start % windows.ERA_SIZE == 0 for start in starts)


def _in_turn(starts, found_each, cap=1000, newest=1_000_000, whole_eras=False):
    """The windows `in_turn` gives when each finds `found_each[i]` matches."""
    found, given = [], []
    for number, bounds in enumerate(
        windows.in_turn(starts, found, cap, lambda: newest, whole_eras)
    ):
        given.append(bounds)
        found += [None] * found_each[number]
        if len(found) > cap:
            break
    return given


def test_windows_after_the_first_are_sized_by_what_was_found():
    """The windows the estimates set come first; then each is sized to hold 1.5 x the
    matches still missing at the rate found so far, at most two such, then all older
    cases; none overlap and the last reaches the oldest."""
    # 600 found among the newest 100,001: 401 more at that rate is 66,834, x 1.5.
    assert _in_turn([900_000], [600, 500]) == [(900_000, None), (799_748, 900_000)]
    # 900, then 50 more: two sized windows, then all older cases.
    assert _in_turn([900_000], [900, 50, 10, 100]) == [
        (900_000, None),
        (883_166, 900_000),
        (873_757, 883_166),
        (None, 873_757),
    ]
    # So few that the next window would start before the first case: all older cases.
    assert _in_turn([900_000], [100, 1000]) == [(900_000, None), (None, 900_000)]
    # Nothing found: the next window is four times as deep; starting on an era if asked.
    assert _in_turn([900_000], [0, 2000], whole_eras=True)[1] == (458_752, 900_000)
    # No window set: one statement over every case.
    assert _in_turn([], [5]) == [(None, None)]
    # Windows given (a test's) are kept as they are.
    assert _in_turn([30, 20, 10], [0, 0, 0, 1001], cap=1000, newest=40)[:3] == [
        (30, None),
        (20, 30),
        (10, 20),
    ]


def test_a_scanned_window_goes_inside_each_branch_of_the_reach():
    """The window narrows each way the user reaches a case, and the whole when the reach
    is not an OR."""
    reach = Q(owner_id__in=[1]) | Q(ward_id=2, restricted=False)
    window = windows.window(10, 20)
    inside = windows.within(reach, window)
    assert inside.connector == Q.OR
    assert len(inside.children) == 2
    assert inside.children == [Q(branch) & window for branch in reach.children]
    assert windows.within(Q(owner_id=1), window) == Q(owner_id=1) & window
    assert windows.within(reach, windows.window(None, None)) == reach


def test_windows_are_asked_only_for_what_is_still_missing(hedge_cases, world, monkeypatch):
    """Each window after the first is asked only for the matches the ones before did
    not find, so none is read twice and the count stops at the cap + 1."""
    hedge_cases(6)
    own = sorted(
        selectors.search_cases(user=world.councillor, query="hedge").values_list("pk", flat=True)
    )
    starts = [own[-1], own[-3], own[-5]]
    monkeypatch.setattr(selectors, "_how_to_find", lambda user, documents, newest: ("scan", starts))
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
    spelt = windows.spelt_out(reach)
    assert "IN (" not in str(SearchDocument.objects.filter(spelt).query)
    assert ("owner_id", owners[0]) in spelt.children[0].children
    documents = SearchDocument.objects.order_by("pk").values_list("pk", flat=True)
    assert list(documents.filter(spelt)) == list(documents.filter(reach))
    assert list(documents.filter(~spelt)) == list(documents.filter(~reach))
    nothing = Q(pk__in=[])
    assert windows.spelt_out(nothing) == nothing


def _documents(reach):
    rows = SearchDocument.objects.alias(era=windows.era()).filter(reach).order_by("pk")
    return list(rows.values_list("pk", flat=True))


def test_a_window_by_era_holds_the_same_cases_as_by_ids(hedge_cases, world, monkeypatch):
    """The reach in eras (each branch in each era, shared ids kept only in the window)
    finds the same documents as the reach and the window of ids, whether the bounds fall
    on eras or inside them, open above or not, and for every branch of the reach; so
    does a scanned window's reach with the shared ids outside it left out."""
    hedge_cases(6)
    ids = _documents(Q())
    monkeypatch.setattr(windows, "ERA_BITS", 1)
    monkeypatch.setattr(windows, "ERA_SIZE", 2)
    shared = Ids(ids[1::2])
    reach = Q(owner_id=world.councillor.pk) | Q(pk__any=shared) | Q(ward_id=world.ward.pk)
    for start in ids[:4]:
        for end in [None, *ids[2:]]:
            if end is not None and end <= start:
                continue
            window = windows.window(start, end)
            expected = _documents(reach & window)
            assert _documents(windows.by_era(reach, start, end, ids[-1])) == expected
            scanned = windows.within(windows.narrowed(reach, start, end), window)
            assert _documents(scanned) == expected


def test_a_window_by_era_puts_each_branch_in_each_era():
    """Each branch in each era is one arm of the OR; shared ids outside the window are
    left out, and a branch left with none is dropped."""
    reach = Q(owner_id=1) | Q(pk__any=Ids([5, 70_000, 140_000]))
    inside = windows.by_era(reach, 65_536, None, 140_000)
    assert inside.connector == Q.OR
    assert len(inside.children) == 4  # the owner's in eras 1, 2 and 3 (the next), the ids
    assert [next(c for c in arm.children if c[0] == "era") for arm in inside.children[:3]] == [
        ("era", 1),
        ("era", 2),
        ("era", 3),
    ]
    assert inside.children[-1].children[0][1].values == (70_000, 140_000)
    assert windows.by_era(Q(pk__any=Ids([5])), 65_536, None, 70_000) == Q(pk__in=[])
