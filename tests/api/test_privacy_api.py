"""The subject access API: coordinators and administrators only, the web's rules."""

import io
import json
import zipfile

import pytest

URL = "/api/v1/privacy/access-requests/"


@pytest.mark.parametrize("role", ["councillor", "caseworker", "officer", "head"])
def test_other_roles_are_refused(api, world, role):
    """Listing or recording requests answers 403 with a reason for every other role."""
    client = api(getattr(world, role))
    assert client.get(URL).status_code == 403
    refused = client.post(
        URL, {"constituent": world.case.constituent.pk, "requested_at": "2026-03-01"}
    )
    assert refused.status_code == 403 and "coordinators" in refused.json()["detail"]


def test_anonymous_callers_are_refused(api, world):
    assert api().get(URL).status_code == 401


def test_record_list_export_and_answer(api, world):
    """A request recorded through the API is due in a month, listed, exported and answered."""
    client = api(world.administrator)
    created = client.post(
        URL,
        {"constituent": world.case.constituent.pk, "requested_at": "2026-01-31"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["due_on"] == "2026-02-28" and body["constituent_name"] == "Ada Resident"
    listing = client.get(URL).json()
    assert [item["id"] for item in listing["results"]] == [body["id"]]
    export = client.post(f"{URL}{body['id']}/export/")
    assert export["Content-Type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("data.json"))
    assert data["person"]["email"] == "ada@example.org"
    answered = client.post(f"{URL}{body['id']}/answered/").json()
    assert answered["fulfilled_at"] is not None
    assert client.get(URL).json()["results"] == []


def test_errors_say_what_is_wrong(api, world):
    """A future date names its field; an unknown constituent or request is 404."""
    client = api(world.coordinator)
    future = client.post(
        URL, {"constituent": world.case.constituent.pk, "requested_at": "2999-01-01"}
    )
    assert future.status_code == 400 and future.json()["field"] == "requested_at"
    missing = client.post(URL, {"constituent": 999999, "requested_at": "2026-01-01"})
    assert missing.status_code == 404
    assert client.post(f"{URL}999999/export/").status_code == 404
