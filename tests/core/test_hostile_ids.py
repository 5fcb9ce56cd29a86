"""An id that is not a number, or a number too big for the database, is a 404 (or a
refusal) on every route with a parameter, web or API, never a 500. The routes are found
by walking the URLconf, so a new route is tried as soon as it exists."""

import re

import pytest
from django.test import Client

from tests.test_url_permissions import routes

GARBAGE = ["abc", "null", "1.5", "-1", "99999999999999999999999"]
ROLES = ["coordinator", "administrator", "councillor", "officer", "head"]


def fill_with(route, value):
    path = route.replace("^", "").replace("$", "").replace("\\.", ".")
    path = re.sub(r"\(\?P<format>[^)]*\)", "json", path)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", value, path)
    path = re.sub(r"<[^>]+>", value, path)
    return "/" + path.lstrip("/")


def test_ids_that_are_not_numbers_are_not_found(world):
    with_parameters = [r for r, _ns, _p in routes() if "<" in r]
    assert len(with_parameters) > 20
    crashed = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(getattr(world, role))
        for route in with_parameters:
            for value in GARBAGE:
                path = fill_with(route, value)
                for method in ("get", "post"):
                    response = (
                        getattr(client, method)(path, data="{}", content_type="application/json")
                        if method == "post"
                        else client.get(path)
                    )
                    if response.status_code >= 500:
                        crashed.append((role, method, path, response.status_code))
    assert crashed == [], "\n".join(map(str, crashed))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/privacy/access-requests/abc/export/",
        "/api/v1/privacy/access-requests/abc/answered/",
        "/api/v1/privacy/constituents/null/rectify/",
        "/api/v1/privacy/constituents/null/erase/",
    ],
)
def test_the_privacy_api_answers_404_for_a_word_id(world, api, path):
    response = api(world.coordinator).post(path, {"reason": "Checking"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("pk", ["abc", "null", None, "1.5", 2**70])
def test_privacy_selectors_find_nothing_for_an_id_that_cannot_be_one(world, pk):
    from wardcase.core.errors import NotFound
    from wardcase.privacy import selectors

    for get in (selectors.constituent_get, selectors.access_request_get, selectors.councillor_get):
        with pytest.raises(NotFound):
            get(user=world.coordinator, pk=pk)
