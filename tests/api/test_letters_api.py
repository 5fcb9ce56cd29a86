"""POST /api/v1/cases/{reference}/letters/: the same rules as the case page."""

import pytest

from tests.conftest import acknowledged
from wardcase.cases.choices import EventKind


@pytest.fixture
def template_id(world, api):
    templates = api(world.councillor).get("/api/v1/letter-templates/").json()
    assert {t["purpose"] for t in templates} == {"acknowledgement", "response", "closure"}
    return next(t["id"] for t in templates if t["purpose"] == "acknowledgement")


def _url(case):
    return f"/api/v1/cases/{case.reference}/letters/"


def test_the_owner_generates_a_letter_through_the_api(world, api, template_id):
    """201 with the stored file and where to download it; a LETTER event is on the case."""
    response = api(world.councillor).post(_url(world.case), {"template": template_id})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["original_name"].endswith(".docx")
    assert body["download_url"].endswith(f"/attachments/{body['id']}/")
    assert world.case.events.filter(kind=EventKind.LETTER).count() == 1


def test_the_api_refuses_everyone_else(world, api, template_id):
    """Anonymous 401; officer on the case 403; another councillor 404; bad template 400."""
    acknowledged(world)
    url = _url(world.case)
    assert api().post(url, {"template": template_id}).status_code == 401
    officer = api(world.officer).post(url, {"template": template_id})
    assert officer.status_code == 403 and officer.json()["detail"]
    assert api(world.other_councillor).post(url, {"template": template_id}).status_code == 404
    bad = api(world.councillor).post(url, {"template": 999999})
    assert bad.status_code == 400
    assert bad.json() == {"detail": "Choose a letter template", "field": "template"}
    assert not world.case.attachments.exists()
