"""Idempotency-Key on the API's creating POSTs: a retry with the same key and body gets
the first response and creates nothing more; the same key with another body is a 422."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import acknowledged, assign
from tests.sharing_fixtures import neighbour_case
from wardcase.cases.models import Attachment, Case, CaseEvent, CaseLink, CaseShare
from wardcase.core.models import IdempotencyKey
from wardcase.privacy.models import SubjectAccessRequest


def _case_body(world, subject="Pothole on the High Street"):
    return {
        "subject": subject,
        "description": "Deep enough to lose a wheel.",
        "service": world.service.pk,
        "constituent": {"name": "Ada Resident"},
    }


def _post(client, path, body, key):
    return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_case_create_returns_the_first_response(world, api):
    client = api(world.councillor)
    before = Case.objects.count()
    first = _post(client, "/api/v1/cases/", _case_body(world), "key-1")
    again = _post(client, "/api/v1/cases/", _case_body(world), "key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == before + 1


def test_the_same_key_with_another_body_is_a_422(world, api):
    client = api(world.councillor)
    _post(client, "/api/v1/cases/", _case_body(world), "key-1")
    before = Case.objects.count()
    other = _post(client, "/api/v1/cases/", _case_body(world, "Another thing"), "key-1")
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]
    assert Case.objects.count() == before


def test_keys_belong_to_their_user_and_last_a_day(world, api):
    before = Case.objects.count()
    _post(api(world.councillor), "/api/v1/cases/", _case_body(world), "shared-key")
    body = {**_case_body(world), "owner": world.councillor.username}
    other_user = _post(api(world.coordinator), "/api/v1/cases/", body, "shared-key")
    assert other_user.status_code == 201
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        later = _post(api(world.councillor), "/api/v1/cases/", _case_body(world), "shared-key")
        assert later.status_code == 201
        assert "Idempotent-Replayed" not in later
    assert Case.objects.count() == before + 3
    assert IdempotencyKey.objects.filter(key="shared-key").count() == 2


def test_a_request_that_failed_leaves_the_key_free(world, api):
    client = api(world.councillor)
    refused = _post(client, "/api/v1/cases/", {**_case_body(world), "service": None}, "key-2")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.filter(key="key-2").exists()
    assert _post(client, "/api/v1/cases/", _case_body(world), "key-2").status_code == 201


def test_without_a_key_every_post_creates(world, api):
    client = api(world.councillor)
    before = Case.objects.count()
    client.post("/api/v1/cases/", _case_body(world), format="json")
    client.post("/api/v1/cases/", _case_body(world), format="json")
    assert Case.objects.count() == before + 2


def _events(world, api):
    case = assign(world)
    return (
        api(world.officer),
        f"/api/v1/cases/{case.reference}/events/",
        {
            "kind": "note",
            "body": "Inspected.",
        },
        CaseEvent,
    )


def _letters(world, api):
    acknowledged(world)
    client = api(world.councillor)
    templates = client.get("/api/v1/letter-templates/").json()
    template = next(t["id"] for t in templates if t["purpose"] == "acknowledgement")
    path = f"/api/v1/cases/{world.case.reference}/letters/"
    return client, path, {"template": template}, Attachment


def _access_requests(world, api):
    body = {"constituent": world.case.constituent_id, "requested_at": "2026-03-02"}
    return api(world.coordinator), "/api/v1/privacy/access-requests/", body, SubjectAccessRequest


def _share(world, api):
    path = f"/api/v1/cases/{world.case.reference}/share/"
    return api(world.councillor), path, {"username": "cllr.two", "reason": "Joint"}, CaseShare


def _link(world, api):
    other = neighbour_case(world)
    path = f"/api/v1/cases/{world.case.reference}/link/"
    return api(world.coordinator), path, {"reference": other.reference, "reason": "Same"}, CaseLink


@pytest.mark.parametrize("endpoint", [_events, _letters, _access_requests, _share, _link])
def test_every_creating_post_honours_the_key(world, api, endpoint):
    client, path, body, model = endpoint(world, api)
    before = model.objects.count()
    first = _post(client, path, body, f"key-{endpoint.__name__}")
    again = _post(client, path, body, f"key-{endpoint.__name__}")
    assert first.status_code == 201, first.content
    assert (again.status_code, again.json()) == (201, first.json())
    assert model.objects.count() == before + 1
