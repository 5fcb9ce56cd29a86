"""`__any`: the rows `__in` finds, with the ids as one array parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from wardcase.cases.models import Case, CaseEvent
from wardcase.core.lookups import Ids


def test_any_finds_what_in_finds(world):
    ids = [world.case.pk, world.other_case.pk]
    assert set(Case.objects.filter(pk__any=[*ids, None, ids[0]])) == set(
        Case.objects.filter(pk__in=ids)
    )
    assert list(Case.objects.filter(pk__any=[ids[0]])) == [world.case]
    assert not Case.objects.filter(pk__any=[0]).exists()


def test_any_of_nothing_asks_nothing(world):
    with CaptureQueriesContext(connection) as captured:
        assert list(Case.objects.filter(pk__any=[])) == []
        assert list(Case.objects.filter(pk__any=[None])) == []
    assert captured.captured_queries == []


def test_any_inside_a_subquery_reads_its_own_table(world):
    """Inside another query the cases' table has an alias: the lookup's column follows it."""
    only_one = Case.objects.filter(pk__any=[world.case.pk]).values("pk")
    events = CaseEvent.objects.filter(case__in=only_one)
    assert events.exists()
    assert set(events.values_list("case_id", flat=True)) == {world.case.pk}


def test_on_postgresql_the_ids_go_as_one_array(world):
    with CaptureQueriesContext(connection) as captured:
        list(Case.objects.filter(pk__any=[world.case.pk, world.other_case.pk]))
    sql = captured.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and "IN (" not in sql
    else:
        assert "IN (" in sql


def test_any_on_a_foreign_key_column(world):
    """As the mail threading asks it: the rows of some cases, by their `case_id`."""
    events = CaseEvent.objects.filter(case_id__any=[world.case.pk])
    assert events.exists()
    assert set(events.values_list("case_id", flat=True)) == {world.case.pk}


def test_ids_prepared_once_find_what_a_list_finds(world):
    """`Ids` passes through Django's per-element preparation untouched: same rows, on
    both databases, inside subqueries and ORs as the visibility filter uses it."""
    ids = Ids([world.other_case.pk, None, world.case.pk, world.case.pk])
    assert ids.values == tuple(sorted([world.case.pk, world.other_case.pk]))
    assert set(Case.objects.filter(pk__any=ids)) == {world.case, world.other_case}
    either = Case.objects.filter(Q(pk__any=Ids([world.case.pk])) | Q(pk__any=Ids([0])))
    assert list(either) == [world.case]
    inner = Case.objects.filter(pk__any=Ids([world.other_case.pk])).values("pk")
    assert set(CaseEvent.objects.filter(case__in=inner).values_list("case_id", flat=True)) == {
        world.other_case.pk
    }
    with CaptureQueriesContext(connection) as captured:
        assert list(Case.objects.filter(pk__any=Ids([None]))) == []
    assert captured.captured_queries == []


def test_ids_are_whole_numbers_or_nothing():
    with pytest.raises(ValueError):
        Ids(["1; DROP TABLE cases_case"])
