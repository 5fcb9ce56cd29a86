"""API responses match the OpenAPI schema served at /api/v1/schema/: each response body is
validated (jsonschema) against the schema declared for its path, method and status, with
OpenAPI's `nullable` read as JSON Schema's null type."""

import re

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import acknowledged
from tests.sharing_fixtures import neighbour_case
from wardcase.cases import services
from wardcase.cases.choices import EventKind


@pytest.fixture
def openapi(world, api):
    response = api(world.coordinator).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return _json_schema(response.json())


def _json_schema(node):
    """OpenAPI 3.0's schema objects as JSON Schema: `nullable: true` becomes null allowed."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node and "enum" not in node:
            node["type"] = [node["type"], "null"]
        else:
            return {"anyOf": [node, {"type": "null"}]}
    return node


def _declared(openapi, path, method, status):
    for template, operations in openapi["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method in operations:
            responses = operations[method]["responses"]
            assert str(status) in responses, f"{method} {template} does not declare {status}"
            return responses[str(status)]["content"]["application/json"]["schema"]
    raise AssertionError(f"{method} {path} is not in the schema")


def assert_conforms(openapi, response, path, method="get"):
    schema = _declared(openapi, path, method, response.status_code)
    validator = Draft202012Validator({**schema, "components": openapi["components"]})
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())
    ]
    assert errors == [], f"{method.upper()} {path} {response.status_code}"


def test_an_unrouted_case_matches_its_schema(world, api, openapi):
    """No department or lead officer yet: both null, as the schema must allow."""
    client = api(world.councillor)
    path = f"/api/v1/cases/{world.case.reference}/"
    assert_conforms(openapi, client.get(path), path)
    assert_conforms(openapi, client.get("/api/v1/cases/"), "/api/v1/cases/")


def test_departments_without_a_head_match_the_schema(world, api, openapi):
    world.other_department.head = None
    world.other_department.save()
    path = "/api/v1/departments/"
    response = api(world.coordinator).get(path)
    assert any(d["head"] is None for d in response.json()["results"])
    assert_conforms(openapi, response, path)


@pytest.mark.parametrize("role", ["coordinator", "councillor", "caseworker", "officer"])
def test_me_matches_the_schema(world, api, openapi, role):
    assert_conforms(openapi, api(getattr(world, role)).get("/api/v1/me/"), "/api/v1/me/")


def test_similar_cases_match_the_schema(world, api, openapi):
    neighbour_case(world)
    path = f"/api/v1/cases/{world.case.reference}/similar/"
    response = api(world.councillor).get(path)
    assert response.status_code == 200
    assert_conforms(openapi, response, path)


def test_closing_answers_the_declared_case(world, api, openapi):
    case = acknowledged(world)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Done")
    path = f"/api/v1/cases/{case.reference}/close/"
    response = api(world.councillor).post(path, {"outcome": "resolved"}, format="json")
    assert response.status_code == 200, response.content
    assert isinstance(response.json(), dict)
    assert_conforms(openapi, response, path, "post")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/",
        "/api/v1/services/",
        "/api/v1/departments/",
        "/api/v1/letter-templates/",
        "/api/v1/privacy/access-requests/",
        "/api/v1/privacy/constituents/?q=Ada",
        "/api/v1/search/?q=pothole",
    ],
)
def test_lists_match_the_schema(world, api, openapi, path):
    acknowledged(world)
    response = api(world.coordinator).get(path)
    assert response.status_code == 200, response.content
    assert_conforms(openapi, response, path.split("?")[0])
