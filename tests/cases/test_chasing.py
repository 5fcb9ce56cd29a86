"""Chasing: a second "Request an update" within one working day asks first, everywhere."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import acknowledged
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.core.errors import NeedsConfirmation
from wardcase.mail.models import OutboxMessage

LONDON = datetime.timezone(datetime.timedelta(0))  # December: London is on UTC
FRIDAY_4PM = datetime.datetime(2026, 12, 4, 16, 0, tzinfo=LONDON)


def chases(case):
    return case.events.filter(kind=EventKind.CHASE).count()


def test_a_second_chase_within_a_working_day_needs_confirming(world):
    """The second tap sends nothing until confirmed, and says when the first went."""
    case = acknowledged(world)
    with time_machine.travel(FRIDAY_4PM, tick=False):
        services.case_chase(case=case, by=world.councillor)
    mails = OutboxMessage.objects.count()
    with time_machine.travel(FRIDAY_4PM + datetime.timedelta(days=3, hours=-1), tick=False):
        with pytest.raises(NeedsConfirmation) as raised:
            services.case_chase(case=case, by=world.councillor)
        assert "4 December 2026, 16:00" in raised.value.message
        assert raised.value.facts["last_chased_at"].startswith("2026-12-04T16:00")
        assert chases(case) == 1 and OutboxMessage.objects.count() == mails
        services.case_chase(case=case, by=world.councillor, confirm=True)
    assert chases(case) == 2 and OutboxMessage.objects.count() == mails + 1


def test_a_chase_a_working_day_later_needs_no_confirmation(world):
    """Friday 16:00 to Monday 16:00 is one working day: the weekend does not count."""
    case = acknowledged(world)
    with time_machine.travel(FRIDAY_4PM, tick=False):
        services.case_chase(case=case, by=world.councillor)
    with time_machine.travel(FRIDAY_4PM + datetime.timedelta(days=3), tick=False):
        services.case_chase(case=case, by=world.councillor)
    assert chases(case) == 2


def test_the_api_answers_409_with_the_last_chase_unless_confirmed(api, world):
    case = acknowledged(world)
    client = api(world.councillor)
    url = f"/api/v1/cases/{case.reference}/chase/"
    assert client.post(url, {}, format="json").status_code == 201
    refused = client.post(url, {"message": "Again"}, format="json")
    assert refused.status_code == 409
    last = case.events.get(kind=EventKind.CHASE).created_at
    assert refused.json()["last_chased_at"] == last.isoformat()
    assert "already requested" in refused.json()["detail"]
    assert chases(case) == 1
    confirmed = client.post(url, {"message": "Again", "confirm": True}, format="json")
    assert confirmed.status_code == 201 and chases(case) == 2


def test_the_schema_declares_the_chase_conflict(api, world):
    schema = api(world.coordinator).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/cases/{reference}/chase/"]["post"]
    conflict = operation["responses"]["409"]["content"]["application/json"]["schema"]["$ref"]
    assert (
        "last_chased_at"
        in schema["components"]["schemas"][conflict.rpartition("/")[2]]["properties"]
    )
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "confirm" in schema["components"]["schemas"][body.rpartition("/")[2]]["properties"]


def test_the_web_asks_before_a_second_chase_and_sends_when_confirmed(client, world):
    case = acknowledged(world)
    client.force_login(world.councillor)
    url = reverse("cases:chase", args=[case.reference])
    client.post(url, {"next": "/"})
    page = client.post(url, {"next": "/"})
    assert page.status_code == 200
    assert b"Request another update?" in page.content
    assert b'name="confirm" value="1"' in page.content
    assert chases(case) == 1
    sent = client.post(url, {"next": "/", "confirm": "1"})
    assert sent.status_code == 302 and sent["Location"] == "/"
    assert chases(case) == 2


def test_with_htmx_the_question_comes_in_the_live_region(client, world):
    case = acknowledged(world)
    client.force_login(world.councillor)
    url = reverse("cases:chase", args=[case.reference])
    client.post(url, HTTP_HX_REQUEST="true")
    fragment = client.post(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert b"already requested" in fragment.content
    assert b"Send another request" in fragment.content
    assert chases(case) == 1
