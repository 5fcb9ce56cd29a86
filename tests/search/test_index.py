"""Keeping the index current: saves, anonymising and the reindex command."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from wardcase.privacy.anonymise import anonymise_cases_and_people
from wardcase.search.models import SearchDocument
from wardcase.search.selectors import search_cases

pytestmark = pytest.mark.django_db


def found(user, query):
    return [case.reference for case in search_cases(user=user, query=query)]


def test_editing_a_case_and_its_constituent_updates_the_index(world):
    """A changed subject and a renamed constituent are found by their new words at once."""
    world.case.subject = "Flytipping by the canal"
    world.case.save()
    assert found(world.councillor, "canal") == [world.case.reference]
    assert found(world.councillor, "pothole") == [world.case.reference]  # still in description
    person = world.case.constituent
    person.name = "Zelda Quiggin"
    person.save()
    assert found(world.councillor, "Quiggin") == [world.case.reference]
    assert found(world.councillor, "Ada") == []


def test_an_anonymised_case_cannot_be_found_by_its_removed_personal_data(world):
    """After retention anonymises a case, its subject, description and the constituent's
    name no longer find it."""
    anonymise_cases_and_people(case_ids=[world.case.pk], at=timezone.now(), reason="retention")
    for query in ["pothole", "Mill", "Ada", "deep"]:
        assert found(world.councillor, query) == [], query


def test_search_reindex_rebuilds_the_index_from_scratch(world):
    """With the index emptied, the command rebuilds it for every case."""
    SearchDocument.objects.all().delete()
    assert found(world.councillor, "pothole") == []
    call_command("search_reindex", stdout=io.StringIO())
    assert SearchDocument.objects.count() == 2
    assert found(world.councillor, "pothole") == [world.case.reference]
