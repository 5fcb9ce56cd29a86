"""On PostgreSQL a search document carries the users its case is shared with now (search
migration 0009), and a search finds a shared case exactly while the share holds."""

import pytest
from django.db import connection
from django.utils import timezone

from wardcase.accounts.models import User
from wardcase.cases import services
from wardcase.cases.models import Case, CaseShare
from wardcase.cases.services.sharing import case_share, case_unshare
from wardcase.search import selectors
from wardcase.search.indexing import index_cases
from wardcase.search.models import SearchDocument
from wardcase.search.paging import CappedResults

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL keeps the shares on the document"
)


def _carried():
    with connection.cursor() as cursor:
        cursor.execute("SELECT case_id, shared_with FROM search_searchdocument ORDER BY 1")
        return {case_id: sorted(users) for case_id, users in cursor.fetchall()}


def _recounted():
    held = {case_id: [] for case_id in SearchDocument.objects.values_list("pk", flat=True)}
    for case_id, user_id in CaseShare.objects.filter(revoked_at__isnull=True).values_list(
        "case_id", "user_id"
    ):
        held[case_id].append(user_id)
    return {case_id: sorted(set(users)) for case_id, users in held.items()}


def assert_documents_carry_their_shares():
    assert _carried() == _recounted()


@postgres_only
def test_the_shares_follow_every_kind_of_write(world):
    """Shared through the service with two people, unshared, shared again, revoked and
    deleted by bulk writes that send no signal, a document written afresh after its case
    was shared, and a case reindexed: each document carries exactly the users holding a
    share of its case that is not revoked."""
    case = Case.objects.get(pk=world.case.pk)
    assert_documents_carry_their_shares()
    case_share(case=case, by=world.councillor, user=world.officer, reason="Advice")
    case_share(case=case, by=world.councillor, user=world.other_councillor, reason="Their ward")
    assert_documents_carry_their_shares()
    assert _carried()[case.pk] == sorted([world.officer.pk, world.other_councillor.pk])
    case_unshare(case=case, by=world.councillor, user=world.officer)
    assert_documents_carry_their_shares()
    case_share(case=case, by=world.councillor, user=world.officer, reason="Again")
    assert_documents_carry_their_shares()
    CaseShare.objects.filter(case=case, user=world.other_councillor).update(
        revoked_at=timezone.now()
    )
    assert_documents_carry_their_shares()
    CaseShare.objects.filter(case=case, revoked_at__isnull=True).update(case=world.other_case)
    assert_documents_carry_their_shares()
    assert _carried()[world.other_case.pk] == [world.officer.pk]
    SearchDocument.objects.filter(pk=world.other_case.pk).delete()
    index_cases(case_ids=[world.other_case.pk])
    assert_documents_carry_their_shares()
    index_cases()
    assert_documents_carry_their_shares()
    CaseShare.objects.all().delete()
    assert_documents_carry_their_shares()
    assert not any(_carried().values())


@pytest.mark.parametrize("how", ["index", "window", "scan"])
def test_a_shared_case_is_found_while_the_share_holds(world, monkeypatch, how):
    """A councillor's search finds a case shared with them, through the index, in a
    window of the newest cases or scanning one, as the search over the cases does; once
    the share is revoked it finds it no more."""
    case = Case.objects.get(pk=world.other_case.pk)
    services.case_update_details(
        case=case,
        by=world.other_councillor,
        version=case.version,
        changes={"consent_share_ward": False},
    )
    found = {"index": ("index", []), "window": ("index", [1]), "scan": ("scan", [1])}[how]
    monkeypatch.setattr(selectors, "_how_to_find", lambda user, documents, newest: found)
    monkeypatch.setattr(CappedResults, "cap", 100)
    word = case.subject.split()[0]

    def found_by(user_id):
        user = User.objects.get(pk=user_id)  # grants read afresh
        expected = [c.pk for c in selectors.search_cases(user=user, query=word)]
        listed = [c.pk for c in selectors.search_results(user=user, query=word)[0:100]]
        assert listed == expected
        return case.pk in listed

    assert not found_by(world.councillor.pk)
    case_share(case=case, by=world.other_councillor, user=world.councillor, reason="Advice")
    assert found_by(world.councillor.pk)
    case_unshare(case=case, by=world.other_councillor, user=world.councillor)
    assert not found_by(world.councillor.pk)
