"""Request bodies built to hurt: JSON nested thousands deep is a 400 saying so, and a JSON
body over the API's size cap is a 413 saying so, on every API POST. Never a 500."""

import pytest
from django.test import Client

from wardcase.cases.models import Case

DEEP = "[" * 50_000 + "]" * 50_000
POSTS = [
    "/api/v1/cases/",
    "/api/v1/cases/{reference}/events/",
    "/api/v1/cases/{reference}/share/",
    "/api/v1/privacy/access-requests/",
]


def _post(client, path, body):
    return client.post(path, data=body, content_type="application/json")


@pytest.fixture
def signed_in(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    return client


@pytest.mark.parametrize("path", POSTS)
def test_deeply_nested_json_is_a_clear_400(world, signed_in, path):
    response = _post(signed_in, path.format(reference=world.case.reference), DEEP)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_json_nested_a_little_too_deep_is_refused_too(world, signed_in):
    """Deep enough to trouble the code after parsing, though the parser itself copes."""
    body = '{"subject": ' + "[" * 200 + "]" * 200 + "}"
    response = _post(signed_in, "/api/v1/cases/", body)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_a_json_body_over_the_cap_is_a_413(world, signed_in):
    before = Case.objects.count()
    body = '{"subject": "x", "description": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = _post(signed_in, "/api/v1/cases/", body)
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert Case.objects.count() == before


def test_ordinary_json_still_works(world, signed_in):
    response = _post(signed_in, "/api/v1/cases/", '{"subject": ""}')
    assert response.status_code == 400
    assert "subject" in response.json()["detail"]
