"""Surgeries: a councillor opens a session, logs several cases in a row at it, each
starting with the channel "surgery" and its place; reports count cases by surgery."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wardcase.cases import services
from wardcase.cases.choices import Channel
from wardcase.cases.models import Case, Surgery
from wardcase.core.errors import ActionNotAllowed, ServiceError

STARTS = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)


def surgery(world, by=None, councillor=None):
    return services.surgery_open(
        by=by or world.councillor,
        councillor=councillor or world.councillor,
        place="Mill Lane Library",
        starts_at=STARTS,
    )


def _case_form(world, session, **changes):
    return {
        "surgery": session.pk,
        "owner": world.councillor.pk,
        "constituent_name": "Cara Resident",
        "constituent_contact_preference": "email",
        "subject": "Bins not collected",
        "description": "Missed three weeks running.",
        "service": world.service.pk,
        "case_type": "enquiry",
        "channel": "surgery",
        "enquirer_type": "councillor",
        "priority": "normal",
        "location": session.place,
        **changes,
    }


def test_a_caseworker_opens_a_surgery_for_their_councillor_only(world):
    session = surgery(world, by=world.caseworker)
    assert session.councillor == world.councillor and session.opened_by == world.caseworker
    with pytest.raises(ActionNotAllowed):
        surgery(world, by=world.caseworker, councillor=world.other_councillor)
    with pytest.raises(ActionNotAllowed):
        surgery(world, by=world.officer, councillor=world.councillor)
    with pytest.raises(ServiceError, match="where the surgery"):
        services.surgery_open(
            by=world.councillor, councillor=world.councillor, place="  ", starts_at=STARTS
        )
    assert Surgery.objects.count() == 1


def test_a_case_at_a_surgery_must_be_for_its_councillor(world):
    session = surgery(world)
    with pytest.raises(ServiceError, match="surgery"):
        services.case_create(
            by=world.other_councillor,
            owner=world.other_councillor,
            subject="S",
            description="D",
            service=world.service,
            constituent={"name": "X"},
            surgery=session,
        )
    assert not Case.objects.filter(surgery=session).exists()


def test_opening_a_surgery_from_its_page(client, world):
    client.force_login(world.councillor)
    page = client.get(reverse("cases:surgeries"))
    assert page.status_code == 200 and "Open a surgery" in page.content.decode()
    response = client.post(
        reverse("cases:surgeries"),
        {
            "place": "Mill Lane Library",
            "day_day": "4",
            "day_month": "12",
            "day_year": "2026",
            "time": "18:30",
        },
    )
    session = Surgery.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert session.place == "Mill Lane Library" and session.councillor == world.councillor
    bad = client.post(reverse("cases:surgeries"), {"place": "", "time": "half six"})
    assert bad.status_code == 400
    assert "Enter where the surgery is held" in bad.content.decode()
    assert Surgery.objects.count() == 1


def test_logging_several_cases_in_a_row_at_a_surgery(client, world):
    """The form starts with channel "surgery" and the place; each case logged goes back to
    a fresh form for the same surgery, and the surgery page lists them."""
    session = surgery(world)
    client.force_login(world.caseworker)
    url = f"{reverse('cases:create')}?surgery={session.pk}"
    form = client.get(url)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["channel"] == Channel.SURGERY and initial["location"] == "Mill Lane Library"
    for name in ("Cara Resident", "Dan Resident"):
        response = client.post(
            reverse("cases:create"), _case_form(world, session, constituent_name=name)
        )
        assert response.status_code == 302 and response.url == url
    cases = Case.objects.filter(surgery=session)
    assert cases.count() == 2
    assert {c.channel for c in cases} == {"surgery"}
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "2 cases logged" in detail and "Dan Resident" in detail


def test_another_councillors_surgery_is_not_found(client, world):
    session = surgery(world)
    client.force_login(world.other_councillor)
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.get(f"{reverse('cases:create')}?surgery={session.pk}").status_code == 404
    response = client.post(reverse("cases:create"), _case_form(world, session))
    assert response.status_code == 404
    assert not Case.objects.filter(surgery=session).exists()
    client.force_login(world.officer)
    assert client.get(reverse("cases:surgeries")).status_code == 403
    client.logout()
    assert client.get(session.get_absolute_url()).status_code == 302


def test_reports_count_cases_by_surgery(world):
    session = surgery(world)
    for subject in ("One", "Two"):
        services.case_create(
            by=world.councillor,
            owner=world.councillor,
            subject=subject,
            description="D",
            service=world.service,
            constituent={"name": "X"},
            channel="surgery",
            surgery=session,
        )
    client = APIClient()
    client.force_authenticate(world.coordinator)
    today = datetime.now(UTC).date().isoformat()
    body = client.get(
        "/api/v1/reports/volumes/", {"date_from": today, "date_to": today, "group": "surgery"}
    ).json()
    counts = {row["label"]: row["cases"] for row in body["rows"]}
    assert counts[str(session)] == 2
    assert counts["Not at a surgery"] == 2  # the world's two cases
