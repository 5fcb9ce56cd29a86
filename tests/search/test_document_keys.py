"""Search documents carry their case's visibility columns, and a search read from the
documents alone finds exactly what the same search over the cases finds, for every role."""

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from tests.conftest import assign
from wardcase.accounts.models import User
from wardcase.cases import services
from wardcase.cases.models import Case, CaseShare
from wardcase.privacy.services.handover import cases_hand_over
from wardcase.search import selectors
from wardcase.search.indexing import KEYS
from wardcase.search.models import SearchDocument
from wardcase.search.paging import CappedResults

pytestmark = pytest.mark.django_db

ROLES = ["councillor", "other_councillor", "caseworker", "officer", "other_officer", "head"]


def keys_of(model):
    return {row[0]: row[1:] for row in model.objects.values_list("pk", *KEYS)}


def assert_documents_follow_their_cases():
    assert SearchDocument.objects.count() == Case.objects.count()
    assert keys_of(SearchDocument) == keys_of(Case)


def test_the_keys_follow_every_kind_of_write(world):
    """Created, assigned, its details and consent edited, sent back, handed over, and
    rewritten by a bulk update that sends no signal: each document still carries its
    case's owner, ward, department, lead officer, restriction, consents and date."""
    assert_documents_follow_their_cases()
    case = assign(world)
    assert_documents_follow_their_cases()
    services.case_update_details(
        case=case,
        by=world.councillor,
        version=Case.objects.get(pk=case.pk).version,
        changes={"restricted": True, "consent_share_ward": True, "consent_share_officers": False},
    )
    assert_documents_follow_their_cases()
    services.case_send_back(case=Case.objects.get(pk=case.pk), by=world.officer, reason="Not us")
    assert_documents_follow_their_cases()
    cases_hand_over(
        councillor=world.councillor,
        successor=world.other_councillor,
        case_ids=[case.pk],
        consented_ids=[case.pk],
        by=world.coordinator,
    )
    assert_documents_follow_their_cases()
    Case.objects.filter(pk=world.other_case.pk).update(
        department=world.other_department,
        lead_officer=world.other_officer,
        owner=world.councillor,
        ward=None,
        restricted=True,
        created_at=timezone.now() - timezone.timedelta(days=400),
    )
    assert_documents_follow_their_cases()


@pytest.fixture
def spread(world):
    """Cases about a hedge in every state a role's reach depends on."""

    def make(subject, owner, **details):
        return services.case_create(
            by=owner,
            owner=owner,
            subject=subject,
            description="The hedge blocks the pavement.",
            service=world.service,
            constituent={"name": "Hedge Resident"},
            **details,
        )

    mine = make("Hedge on Mill Lane", world.councillor)
    assign(world, mine)
    make("Hedge by the school", world.councillor, restricted=True)
    shared_ward = make("Hedge at the park", world.other_councillor, consent_share_ward=True)
    make("Hedge at the park gate", world.other_councillor, consent_share_ward=True, restricted=True)
    housing = make("Hedge on Housing land", world.other_councillor)
    services.case_assign(
        case=housing,
        by=world.coordinator,
        department=world.other_department,
        lead_officer=world.other_officer,
    )
    restricted = make("Hedge in a garden", world.other_councillor, restricted=True)
    services.case_assign(
        case=restricted,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
    )
    helped = make("Hedge, helped", world.other_councillor)
    services.case_assign(
        case=helped,
        by=world.coordinator,
        department=world.other_department,
        lead_officer=world.other_officer,
        additional_officers=[world.officer],
    )
    CaseShare.objects.create(
        case=shared_ward,
        user=world.officer,
        shared_by=world.coordinator,
        reason="Their view",
        created_at=timezone.now(),
    )
    # Contact details match only where the searcher may see them.
    make("Leylandii complaint", world.councillor, consent_share_officers=False)
    assign(world, Case.objects.get(subject="Leylandii complaint"))
    return world


@pytest.mark.parametrize("how", ["index", "window", "scan", "scan, windows", "walk"])
@pytest.mark.parametrize("query", ["hedge", "Hedge Resident", "park"])
def test_the_documents_find_what_the_cases_find_for_every_role(spread, monkeypatch, how, query):
    """Through the index, first among the newest cases, scanning windows of the newest
    cases branch by branch of the user's reach, or walking the documents newest first,
    every role gets the same cases, in the same order and rank, as the search over the
    cases they may see; a coordinator too."""
    ids = list(Case.objects.order_by("-pk").values_list("pk", flat=True)[:6])
    found = {
        "index": ("index", []),
        "window": ("index", [ids[2]]),
        "scan": ("scan", [ids[2]]),
        "scan, windows": ("scan", [ids[0], ids[1], ids[5]]),
        "walk": ("walk", []),
    }
    monkeypatch.setattr(selectors, "_how_to_find", lambda user, documents, newest: found[how])
    for role in [*ROLES, "coordinator"]:
        user = User.objects.get(pk=getattr(spread, role).pk)  # grants read afresh
        expected = [
            (case.pk, round(case.search_rank, 6))
            for case in selectors.search_cases(user=user, query=query)
        ]
        results = selectors.search_results(user=user, query=query)
        listed = [(case.pk, round(case.search_rank, 6)) for case in results[0 : len(expected) + 1]]
        assert listed == expected, role
        assert results.count() == len(expected), role


def test_filters_narrow_the_documents_as_they_narrow_the_cases(spread):
    """A filter given with words narrows the documents' search by the cases' columns."""
    officer = User.objects.get(pk=spread.officer.pk)
    for filters in ({"department": spread.department}, {"councillor": spread.other_councillor}):
        expected = [
            c.pk for c in selectors.search_cases(user=officer, query="hedge", filters=filters)
        ]
        results = selectors.search_results(user=officer, query="hedge", filters=filters)
        assert [case.pk for case in results[0:50]] == expected
        assert expected


def test_the_page_reads_a_case_only_if_the_user_may_still_see_it(spread, monkeypatch):
    """Should a document's keys ever disagree with its case, the page still loads cases
    from those the user may see: it shows fewer, never another's."""
    other = Case.objects.get(subject="Hedge on Housing land")
    SearchDocument.objects.filter(pk=other.pk).update(department=spread.department)
    monkeypatch.setattr(CappedResults, "cap", 100)
    officer = User.objects.get(pk=spread.officer.pk)
    shown = selectors.search_results(user=officer, query="hedge")[0:100]
    assert other.pk not in {case.pk for case in shown}


def _plan(rows):
    """PostgreSQL's plan of `rows`, an index wherever one serves."""
    sql, params = rows.values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_the_index_of_words_takes_the_keys_as_django_writes_them(spread):
    """The department and lead officer an officer's search asks for can be read from the
    GIN index of words and keys: their columns have the type btree_gin compares Django's
    integers with (a bigint column would never match, and every match would be read)."""
    from wardcase.permissions.visibility import department_reach_q

    officer = User.objects.get(pk=spread.officer.pk)
    reach = department_reach_q(officer) | Q(lead_officer=officer)
    plan = _plan(SearchDocument.objects.filter(reach))
    conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert "search_doc_vector_keys_gin" in plan, plan
    assert any("department_id" in line for line in conditions), plan
    assert any("lead_officer_id" in line for line in conditions), plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_the_index_of_words_takes_the_era_as_the_selectors_write_it(spread):
    """A window of the newest cases is looked up in the GIN index of words, keys and era
    (search migration 0008): the era the selectors write is the indexed expression, so
    each branch of the reach in each era is one index condition (the words join it
    there at a million cases; bench/README.md has the plans)."""
    from wardcase.permissions.visibility import visible_cases_q
    from wardcase.search import windows

    officer = User.objects.get(pk=spread.officer.pk)
    reach = windows.by_era(windows.spelt_out(visible_cases_q(officer)), 0, None, 1)
    rows = SearchDocument.objects.alias(era=windows.era()).filter(reach)
    plan = _plan(rows)
    conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert "search_doc_vector_keys_gin" in plan, plan
    assert any("department_id" in c and "case_id >> 16" in c for c in conditions), plan
    assert any("lead_officer_id" in c and "case_id >> 16" in c for c in conditions), plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_the_ward_index_holds_what_a_councillors_ward_branch_may_show(spread):
    """Search migration 0006's index holds the documents a councillor's ward branch may
    show (consented for the ward, not restricted). If that rule changes, the index no
    longer serves it: this fails until the two agree again. (The planner takes it at a
    million cases, not on a test's few rows; bench/README.md has the plans.)"""
    from wardcase.search.selectors import _matching_documents

    councillor = User.objects.get(pk=spread.councillor.pk)
    sql, _params = _matching_documents(councillor, ["hedge"]).values("pk").query.sql_with_params()
    ward_branch = '("search_searchdocument"."consent_share_ward" AND NOT '
    ward_branch += '"search_searchdocument"."restricted" AND '
    ward_branch += '"search_searchdocument"."ward_id" = %s)'
    assert ward_branch in sql, sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_doc_ward_shared_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (search_vector, ward_id, " in definition
    assert definition.endswith("WHERE (consent_share_ward AND (NOT restricted))"), definition
