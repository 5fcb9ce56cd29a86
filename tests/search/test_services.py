"""The search service: ranking, highlighting, filters and what each role may match."""

from datetime import date

import pytest
import time_machine
from django.db import connection

from tests.conftest import assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.charter.models import Clock
from wardcase.search.selectors import search_cases, with_snippets

pytestmark = pytest.mark.django_db


def refs(cases):
    return [case.reference for case in cases]


def test_finds_a_case_by_a_word_of_its_subject(world):
    """A councillor finds their own case by a word of its subject, stemmed."""
    assert refs(search_cases(user=world.councillor, query="potholes")) == [world.case.reference]


def test_finds_a_case_by_description_reference_name_and_postcode(world):
    """Description, reference, constituent name and postcode are all searched."""
    for query in ["deep", world.case.reference, "Ada", "TE1 1ST"]:
        assert refs(search_cases(user=world.councillor, query=query)) == [world.case.reference]


def test_a_subject_match_ranks_above_a_timeline_match(world):
    """A case with the word in its subject ranks above one with it only on the timeline."""
    assign(world)
    assign(world, world.other_case)
    services.case_add_event(
        case=world.case, by=world.officer, kind=EventKind.UPDATE, body="The light was checked."
    )
    results = refs(search_cases(user=world.coordinator, query="light"))
    assert results == [world.other_case.reference, world.case.reference]


def test_internal_notes_are_matched_only_for_staff(world):
    """An internal note is found by staff and never by the councillor or caseworker."""
    assign(world)
    services.case_add_event(
        case=world.case, by=world.officer, kind=EventKind.NOTE, body="Contractor zebradrome."
    )
    assert refs(search_cases(user=world.officer, query="zebradrome")) == [world.case.reference]
    assert refs(search_cases(user=world.coordinator, query="zebradrome")) == [world.case.reference]
    assert refs(search_cases(user=world.councillor, query="zebradrome")) == []
    assert refs(search_cases(user=world.caseworker, query="zebradrome")) == []


def test_a_rank_never_counts_text_its_searcher_may_not_read(world):
    """An internal note repeating a word raises the case's rank for staff only. On
    PostgreSQL the councillor's rank of it is what it was, so it tells nothing of the
    note; SQLite's bm25 divides by the length of the whole document, so there the note
    can only lower it a little, never raise it."""
    assign(world)

    def rank(user):
        [case] = search_cases(user=user, query="pothole")
        return case.search_rank

    before = {user: rank(user) for user in (world.councillor, world.officer)}
    services.case_add_event(
        case=world.case, by=world.officer, kind=EventKind.NOTE, body="Pothole, pothole, pothole."
    )
    if connection.vendor == "postgresql":
        assert rank(world.councillor) == pytest.approx(before[world.councillor])
    else:
        assert rank(world.councillor) <= before[world.councillor]
    assert rank(world.officer) > before[world.officer]


def test_the_snippet_marks_matches_and_escapes_everything_else(world):
    """A subject or description containing HTML is shown escaped, with matches in <mark>."""
    case = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="<script>alert(1)</script> flooding",
        description="<b>Flooding</b> on <script>x()</script> the green",
        service=world.service,
        constituent={"name": "Cy Resident"},
    )
    [found] = with_snippets(
        cases=search_cases(user=world.councillor, query="flooding"),
        user=world.councillor,
        query="flooding",
    )
    assert found.pk == case.pk
    html = str(found.search_snippet)
    assert "<mark>Flooding</mark>" in html
    # SQLite shows the tags as text; PostgreSQL's ts_headline leaves them out. Never raw.
    assert "<script>" not in html and "<b>" not in html


def test_officers_match_contact_details_only_with_consent(world):
    """An officer finds a case by the constituent's name only where they consented."""
    assign(world)
    world.case.refresh_from_db()
    world.case.consent_share_officers = False
    world.case.save()
    assert refs(search_cases(user=world.officer, query="Ada")) == []
    assert refs(search_cases(user=world.councillor, query="Ada")) == [world.case.reference]
    world.case.consent_share_officers = True
    world.case.save()
    assert refs(search_cases(user=world.officer, query="Ada pothole")) == [world.case.reference]


def test_filters_combine(world):
    """Every filter narrows the results, combined with AND."""
    assign(world)
    me = world.coordinator
    both = {world.case.reference, world.other_case.reference}
    assert set(refs(search_cases(user=me))) == both
    cases = [
        ({"reference": world.case.reference.lower()}, {world.case.reference}),
        ({"department": world.department.pk}, {world.case.reference}),
        ({"officer": world.officer.pk}, {world.case.reference}),
        ({"councillor": world.other_councillor.pk}, {world.other_case.reference}),
        ({"service": world.service.pk}, both),
        ({"status": "open"}, both),
        ({"status": "closed"}, set()),
        ({"status": "assigned"}, {world.case.reference}),
        ({"postcode": "TE1 1"}, {world.case.reference}),
        ({"created_from": date(2000, 1, 1)}, both),
        ({"created_to": date(2000, 1, 1)}, set()),
        (
            {"ward": world.ward.pk, "status": "new"},
            {world.other_case.reference} if world.other_case.ward_id == world.ward.pk else set(),
        ),
    ]
    for filters, expected in cases:
        assert set(refs(search_cases(user=me, filters=filters))) == expected, filters


def test_clock_state_filters(world):
    """Overdue finds a case whose running clock is past due; met and paused match states."""
    assign(world)
    assert Clock.objects.filter(case=world.case).exists()
    me = world.coordinator
    assert refs(search_cases(user=me, filters={"clock": "overdue"})) == []
    with time_machine.travel(date(2099, 1, 1)):
        assert refs(search_cases(user=me, filters={"clock": "overdue"})) == [world.case.reference]
    assert refs(search_cases(user=me, filters={"clock": "met"})) == []
    Clock.objects.filter(case=world.case).update(state=Clock.State.PAUSED)
    assert refs(search_cases(user=me, filters={"clock": "paused"})) == [world.case.reference]
