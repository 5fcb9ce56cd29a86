"""Text built to hurt: line breaks in a one-line field (a header injection once it reaches
an email subject), invisible and bidirectional-override characters, NUL bytes, and
descriptions of megabytes. One-line fields are made one line; long text has a limit."""

import pytest

from tests.cases.test_services import new_case
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.core.errors import ServiceError
from wardcase.core.text import MAX_LONG_TEXT

INJECTION = "x\r\nBcc: a@evil.example"
INVISIBLE = "Pot\u202ehole\u200b on\u2066 Mill\u200d Lane\ufeff\u2060\x00"


_create = new_case


def test_line_breaks_in_a_subject_become_spaces(world):
    case = _create(world, subject=INJECTION, location="Mill\nLane")
    assert case.subject == "x Bcc: a@evil.example"
    assert case.location == "Mill Lane"


def test_invisible_and_override_characters_are_removed(world):
    case = _create(world, subject=INVISIBLE, constituent={"name": "Ada\u202e Resident\r\nX"})
    assert case.subject == "Pothole on Mill Lane"
    assert case.constituent.name == "Ada Resident X"


def test_a_description_keeps_its_lines_but_loses_nul_and_overrides(world):
    case = _create(world, description="Line one\r\nLine\x00 two\u202e")
    assert case.description == "Line one\nLine two"


def test_correcting_details_cleans_them_the_same_way(world):
    changed = services.case_update_details(
        case=world.case,
        by=world.councillor,
        version=world.case.version,
        changes={"subject": INJECTION},
        constituent_changes={"name": "New\nName"},
    )
    world.case.refresh_from_db()
    assert "subject" in changed
    assert world.case.subject == "x Bcc: a@evil.example"
    assert world.case.constituent.name == "New Name"


def test_a_description_over_the_limit_is_refused(world):
    with pytest.raises(ServiceError) as refused:
        _create(world, description="x" * (MAX_LONG_TEXT + 1))
    assert refused.value.field == "description"
    assert f"{MAX_LONG_TEXT:,}" in refused.value.message


def test_a_note_over_the_limit_is_refused(world):
    from tests.conftest import assign

    case = assign(world)
    with pytest.raises(ServiceError) as refused:
        services.case_add_event(
            case=case, by=world.officer, kind=EventKind.NOTE, body="x" * (MAX_LONG_TEXT + 1)
        )
    assert refused.value.field == "body"


def test_a_subject_longer_than_a_subject_is_refused(world):
    with pytest.raises(ServiceError) as refused:
        _create(world, subject="x" * 201)
    assert refused.value.field == "subject"


def test_the_api_answers_the_same(world, api):
    client = api(world.councillor)
    body = {
        "subject": INJECTION,
        "description": "Deep.",
        "service": world.service.pk,
        "constituent": {"name": "Ada Resident"},
    }
    created = client.post("/api/v1/cases/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["subject"] == "x Bcc: a@evil.example"
    huge = client.post("/api/v1/cases/", {**body, "description": "x" * 5_000_000}, format="json")
    assert huge.status_code in (400, 413)
    assert huge.json()["detail"]
    long = client.post(
        "/api/v1/cases/", {**body, "description": "x" * (MAX_LONG_TEXT + 1)}, format="json"
    )
    assert long.status_code == 400
    assert "description" in long.json()["detail"]


def test_the_web_form_explains_a_description_over_the_limit(client, world):
    from django.urls import reverse

    from tests.cases.views_helpers import create_data
    from wardcase.cases.models import Case

    client.force_login(world.councillor)
    before = Case.objects.count()
    data = create_data(world, description="x" * (MAX_LONG_TEXT + 1))
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 400
    assert f"{MAX_LONG_TEXT:,} characters or fewer".encode() in response.content
    assert b"govuk-error-summary" in response.content
    assert Case.objects.count() == before
