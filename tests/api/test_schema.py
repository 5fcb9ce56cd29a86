"""The OpenAPI schema says what the API really answers: nulls, errors and links."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests import factories


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def component(schema, name):
    return schema["components"]["schemas"][name]["properties"]


def test_fields_that_can_be_null_are_declared_nullable(schema, api, world):
    """A case not yet routed has no department or lead officer; a department may have no
    head; a coordinator has no ward. The schema must allow each null the API sends."""
    unrouted = factories.CaseFactory(owner=world.councillor, department=None, lead_officer=None)
    body = api(world.coordinator).get(f"/api/v1/cases/{unrouted.reference}/").json()
    assert body["department"] is None and body["lead_officer"] is None
    case = component(schema, "CaseDetail")
    assert case["department"].get("nullable") is True
    assert case["lead_officer"].get("nullable") is True

    headless = factories.DepartmentFactory(council=world.council, name="Libraries", head=None)
    body = api(world.coordinator).get(f"/api/v1/departments/{headless.pk}/").json()
    assert body["head"] is None
    assert component(schema, "Department")["head"].get("nullable") is True

    me = api(world.coordinator).get("/api/v1/me/").json()
    assert me["ward"] is None
    assert component(schema, "Me")["ward"].get("nullable") is True


def test_similar_cases_answer_the_count_they_declare(schema, api, world):
    body = api(world.coordinator).get(f"/api/v1/cases/{world.case.reference}/similar/").json()
    assert body["count"] == len(body["candidates"])
    declared = schema["paths"]["/api/v1/cases/{reference}/similar/"]["get"]["responses"]["200"]
    ref = declared["content"]["application/json"]["schema"]["$ref"].rpartition("/")[2]
    assert set(component(schema, ref)) == {"count", "candidates"}


def test_every_operation_declares_the_errors_it_can_answer(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "401", "403", "404"):
                assert code in operation["responses"], f"{method.upper()} {path} lacks {code}"


def test_an_api_address_no_route_matches_answers_json(api, world):
    """A reference with characters no reference has never reaches DRF; the client still
    gets the API's JSON error, not the HTML page."""
    response = api(world.coordinator).get("/api/v1/cases/%C2%84/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_new_case_links_to_its_actions(schema):
    created = schema["paths"]["/api/v1/cases/"]["post"]["responses"]["201"]
    links = created["links"]
    assert links["cases_close_create"]["parameters"] == {"reference": "$response.body#/reference"}
    assert "cases_retrieve" in links
