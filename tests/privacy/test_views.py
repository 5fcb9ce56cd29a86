"""The privacy pages: only coordinators and administrators reach them, and they work."""

import io
import json
import zipfile
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConstituentFactory
from tests.privacy.conftest import live_case
from wardcase.cases.models import Case
from wardcase.privacy import services
from wardcase.privacy.models import AnonymisedCase, SubjectAccessRequest

OTHER_ROLES = ["councillor", "caseworker", "officer", "head"]


def pages(world):
    person = world.case.constituent.pk
    return [
        "/privacy/",
        "/privacy/constituents/?q=Ada",
        f"/privacy/constituents/{person}/",
        f"/privacy/constituents/{person}/access-request/",
        f"/privacy/constituents/{person}/correct/",
        f"/privacy/constituents/{person}/erase/",
        "/privacy/councillors/",
        f"/privacy/councillors/{world.councillor.pk}/",
    ]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused_every_privacy_page(client, world, role):
    """Councillors, caseworkers, officers and heads of service get 403 on every page."""
    client.force_login(getattr(world, role))
    request = SubjectAccessRequest.objects.create(
        constituent=world.case.constituent,
        requested_at=date(2026, 3, 1),
        due_on=date(2026, 4, 1),
        received_by=world.coordinator,
    )
    for path in pages(world):
        assert client.get(path).status_code == 403, path
    for path in (
        f"/privacy/requests/{request.pk}/export/",
        f"/privacy/requests/{request.pk}/answered/",
        f"/privacy/councillors/{world.councillor.pk}/export/",
    ):
        assert client.post(path).status_code == 403, path


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_coordinators_and_administrators_reach_every_page(client, world, role):
    """Each page answers 200 for the two privacy roles."""
    client.force_login(getattr(world, role))
    for path in pages(world):
        assert client.get(path).status_code == 200, path


def test_an_unknown_constituent_or_councillor_is_404(client, world):
    """Ids that do not exist, or are not councillors, are not found."""
    client.force_login(world.coordinator)
    assert client.get("/privacy/constituents/999999/").status_code == 404
    assert client.get(f"/privacy/councillors/{world.officer.pk}/").status_code == 404


def test_search_finds_by_name_email_and_postcode(client, world):
    """The search lists matching people with links to them, and nobody else."""
    client.force_login(world.coordinator)
    for query in ("ada", "ada@example.org", "TE1"):
        page = client.get("/privacy/constituents/", {"q": query}).content.decode()
        assert "Ada Resident" in page and "Bob Resident" not in page, query


def test_a_request_is_recorded_listed_and_exported_from_the_pages(client, world):
    """Record a request with the date boxes, see it due, download its ZIP, mark it answered."""
    client.force_login(world.coordinator)
    person = world.case.constituent
    with time_machine.travel("2026-05-20 12:00Z"):
        response = client.post(
            f"/privacy/constituents/{person.pk}/access-request/",
            {"requested_at_day": "3", "requested_at_month": "4", "requested_at_year": "2026"},
        )
        assert response.status_code == 302
        listing = client.get("/privacy/").content.decode()
    assert "3 May 2026" in listing and "Overdue" in listing
    request = SubjectAccessRequest.objects.get()
    download = client.post(f"/privacy/requests/{request.pk}/export/")
    assert download["Content-Type"] == "application/zip"
    assert "attachment;" in download["Content-Disposition"]
    data = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read("data.json"))
    assert data["person"]["name"] == "Ada Resident"
    client.post(f"/privacy/requests/{request.pk}/answered/")
    assert "There are no open requests" in client.get("/privacy/").content.decode()


def test_a_bad_date_is_explained_and_nothing_is_recorded(client, world):
    """31 February is not a date: the form says so and the request is not saved."""
    client.force_login(world.coordinator)
    response = client.post(
        f"/privacy/constituents/{world.case.constituent.pk}/access-request/",
        {"requested_at_day": "31", "requested_at_month": "2", "requested_at_year": "2026"},
    )
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
    assert 'href="#requested_at"' in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_correcting_details_from_the_page(client, world):
    """The form saves new details with a reason; a bad email keeps what was typed."""
    client.force_login(world.coordinator)
    person = world.case.constituent
    fields = {
        "name": "Ada Resident-Smith",
        "address": "",
        "postcode": "TE1 1ST",
        "email": "nope",
        "phone": "",
        "contact_preference": "email",
        "reason": "Married name",
    }
    url = f"/privacy/constituents/{person.pk}/correct/"
    response = client.post(url, fields)
    assert response.status_code == 400 and "Ada Resident-Smith" in response.content.decode()
    assert client.post(url, {**fields, "email": "ada@example.org"}).status_code == 302
    person.refresh_from_db()
    assert person.name == "Ada Resident-Smith"


def test_erasing_from_the_page_needs_the_force_box_while_a_case_is_open(client, world):
    """Without the box the open case is named; with it, the person is erased."""
    client.force_login(world.administrator)
    person = world.case.constituent
    url = f"/privacy/constituents/{person.pk}/erase/"
    refused = client.post(url, {"reason": "Asked by letter"})
    assert refused.status_code == 400 and world.case.reference in refused.content.decode()
    assert client.post(url, {"reason": "Asked by letter", "force": "on"}).status_code == 302
    assert AnonymisedCase.objects.filter(case=world.case).exists()


def test_handing_over_from_the_page(client, world):
    """Ticked cases with consent move; a ticked case without consent stops the handover."""
    client.force_login(world.coordinator)
    other = live_case(world, constituent={"name": "Eve Resident"})
    url = f"/privacy/councillors/{world.councillor.pk}/"
    choice = {"successor": world.other_councillor.pk, "cases": [world.case.pk, other.pk]}
    refused = client.post(url, {**choice, "consented": [world.case.pk]})
    assert refused.status_code == 400 and other.reference in refused.content.decode()
    assert client.post(url, {**choice, "consented": [world.case.pk, other.pk]}).status_code == 302
    assert set(Case.objects.filter(owner=world.other_councillor).values_list("pk", flat=True)) == {
        world.other_case.pk,
        world.case.pk,
        other.pk,
    }


def test_a_councillors_export_downloads_as_a_zip(client, world):
    """The departing councillor's casework comes as a ZIP with their case in it."""
    client.force_login(world.coordinator)
    response = client.post(f"/privacy/councillors/{world.councillor.pk}/export/")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert [case["reference"] for case in data["cases"]] == [world.case.reference]


def test_the_menu_shows_privacy_only_to_the_privacy_roles(client, world):
    """Coordinators see a Privacy menu item; councillors do not."""
    client.force_login(world.coordinator)
    assert 'href="/privacy/"' in client.get("/").content.decode()
    client.force_login(world.councillor)
    assert 'href="/privacy/"' not in client.get("/").content.decode()


def test_the_open_requests_list_is_paginated_in_constant_queries(client, world):
    """Five requests or sixty, the list page costs the same number of queries."""
    client.force_login(world.coordinator)

    def add(n):
        SubjectAccessRequest.objects.bulk_create(
            SubjectAccessRequest(
                constituent=ConstituentFactory(created_by=world.coordinator),
                requested_at=date(2026, 3, 1),
                due_on=date(2026, 4, 1),
                received_by=world.coordinator,
            )
            for _n in range(n)
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/privacy/").status_code == 200
        return len(captured)

    add(5)
    few = count()
    add(55)
    assert count() == few
    assert "Overdue" in client.get("/privacy/?page=3").content.decode()


def test_erasure_clears_the_notes_of_their_requests(world):
    """A request's notes can hold personal data: erasure blanks them, keeping the dates."""
    person = world.case.constituent
    request = services.access_request_open(
        constituent=person, by=world.coordinator, requested_at=date(2026, 3, 1), notes="Rang"
    )
    services.constituent_erase(constituent=person, by=world.coordinator, reason="x", force=True)
    request.refresh_from_db()
    assert request.notes == "" and request.due_on == date(2026, 4, 1)
