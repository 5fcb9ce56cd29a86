"""A member's own query: a case the councillor raised themselves, with no constituent.

Everything that assumes a constituent copes: consent, letters, similar cases, search,
the case export and the privacy export."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from tests.api.test_schema_conformance import assert_conforms
from tests.api.test_schema_conformance import openapi as openapi  # the fixture
from tests.conftest import assign
from wardcase.cases import services
from wardcase.cases.models import Case
from wardcase.cases.similar import similar_to_case
from wardcase.core.errors import ServiceError
from wardcase.letters.selectors import letter_templates_offered
from wardcase.letters.services import letter_generate
from wardcase.moving.services.exporting import cases_export
from wardcase.privacy.services.access import councillor_export
from wardcase.search.selectors import search_cases


def own_query(world, **extra):
    fields = {
        "subject": "Overgrown verge on Mill Lane",
        "description": "Saw it on my way to the surgery: the verge hides the junction.",
        **extra,
    }
    return services.case_create(
        by=world.councillor,
        owner=world.councillor,
        service=world.service,
        own_query=True,
        **fields,
    )


def test_the_service_logs_an_own_query_with_no_consent_to_record(world):
    case = own_query(world)
    assert case.constituent is None and case.is_own_query
    assert case.consent_recorded_by is None and case.consent_recorded_at is None
    assert case.ward == world.councillor.ward


def test_the_api_accepts_a_case_without_a_constituent(world, api, openapi):
    """Left out, the constituent is null in the answer, as the schema declares."""
    body = {
        "subject": "Graffiti on the bridge",
        "description": "I saw it this morning.",
        "service": world.service.pk,
    }
    response = api(world.councillor).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["constituent"] is None and data["constituent_name"] is None
    assert Case.objects.get(reference=data["reference"]).constituent is None
    assert_conforms(openapi, response, "/api/v1/cases/", "post")
    path = f"/api/v1/cases/{data['reference']}/"
    assert_conforms(openapi, api(world.councillor).get(path), path)
    assert_conforms(openapi, api(world.councillor).get("/api/v1/cases/"), "/api/v1/cases/")


def test_the_api_refuses_to_give_an_own_query_a_constituent_by_editing(world, api):
    case = own_query(world)
    response = api(world.councillor).patch(
        f"/api/v1/cases/{case.reference}/",
        {"version": case.version, "constituent": {"name": "Somebody"}},
        format="json",
    )
    assert response.status_code == 400
    assert "own query" in json.dumps(response.json())
    case.refresh_from_db()
    assert case.constituent is None and case.version == 1


def _form(world, **changes):
    return {
        "subject": "Blocked drain",
        "description": "Water across the road by the school.",
        "service": world.service.pk,
        "case_type": "enquiry",
        "channel": "in_person",
        "enquirer_type": "councillor",
        "priority": "normal",
        "constituent_contact_preference": "email",
        **changes,
    }


def test_the_form_offers_own_query_and_logs_one_without_a_person(client, world):
    client.force_login(world.councillor)
    page = client.get(reverse("cases:create")).content.decode()
    assert "This is my own query" in page
    response = client.post(reverse("cases:create"), _form(world, own_query="on"))
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get(subject="Blocked drain")
    assert case.constituent is None
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "None: the councillor's own query" in detail
    home = client.get(reverse("home"))
    assert home.status_code == 200


def test_the_form_still_asks_for_a_name_unless_it_is_an_own_query(client, world):
    client.force_login(world.councillor)
    response = client.post(reverse("cases:create"), _form(world))
    assert response.status_code == 400
    assert "Enter the constituent&#x27;s name" in response.content.decode()
    assert not Case.objects.filter(subject="Blocked drain").exists()


def test_editing_an_own_query_keeps_it_one(client, world):
    case = own_query(world)
    client.force_login(world.councillor)
    url = reverse("cases:edit", args=[case.reference])
    page = client.get(url)
    assert page.status_code == 200
    assert "constituent_name" not in page.content.decode()
    data = _form(world, subject="Verge cut back", version=case.version)
    data.update(channel=case.channel, description=case.description)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.subject == "Verge cut back" and case.constituent is None


def test_no_letter_can_be_written_to_nobody(world):
    case = own_query(world)
    with pytest.raises(ServiceError, match="no constituent to write to"):
        letter_generate(case=case, template=letter_templates_offered()[0], by=world.councillor)
    assert not case.attachments.exists()


def test_similar_cases_and_clusters_cope(world, client):
    """The same issue is found both ways; an own query has no person to match."""
    case = own_query(
        world, subject="Pothole on Mill Lane", description="A deep pothole outside number 4."
    )
    assign(world, case)
    found = similar_to_case(user=world.councillor, case=case)
    assert all(c.case is None or c.case.pk != case.pk for c in found)
    found_for_other = similar_to_case(user=world.councillor, case=world.case)
    assert case.pk in {c.case.pk for c in found_for_other if c.case}
    client.force_login(world.coordinator)
    assert client.get(reverse("cases:clusters")).status_code == 200


def test_search_finds_an_own_query_by_its_words(world):
    case = own_query(world)
    assert case.pk in set(
        search_cases(user=world.councillor, query="verge").values_list("pk", flat=True)
    )


def test_the_case_export_leaves_the_person_columns_empty(world):
    case = own_query(world)
    out = io.BytesIO()
    assert cases_export(by=None, fmt="csv", out=out) == 3
    line = next(row for row in out.getvalue().decode().splitlines() if case.reference in row)
    assert ",,,,," in line


def test_the_councillors_export_includes_the_own_query(world):
    case = own_query(world)
    content = councillor_export(councillor=world.councillor, by=world.coordinator)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        data = json.loads(archive.read("data.json"))
    (exported,) = [c for c in data["cases"] if c["reference"] == case.reference]
    assert exported["constituent"] is None
