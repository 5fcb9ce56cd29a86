"""The web interface, each view tried anonymous, as a wrong role, permitted and cross-owner:
signing in, the static pages and each role's home page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.cases.views_helpers import (
    closed,
    goes_to_sign_in,
    responded,
    signed_in,
)
from tests.conftest import assign
from tests.signing_in import totp_code, totp_device
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case, CaseEvent

# --- Sign in, sign out, static pages ----------------------------------------------------


def test_sign_in_page_and_bad_password(client, world):
    """The sign-in page uses the GOV.UK pattern; a wrong password shows the error summary."""
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'class="govuk-skip-link"' in response.content
    response = client.post(reverse("login"), {"username": "cllr.one", "password": "wrong"})
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content
    assert response.context["user"].is_anonymous


def test_sign_in_and_out(client, world):
    """Signing in (password, then app code) goes home; signing out is a POST and ends it."""
    device = totp_device(world.councillor)
    response = client.post(
        reverse("login"), {"username": "cllr.one", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/?next=%2F"
    response = client.post(response["Location"], {"code": totp_code(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert goes_to_sign_in(client.get(reverse("home")))


def test_accessibility_statement_is_public(client, db):
    """Anyone can read the accessibility statement, linked from every page's footer."""
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert b"Accessibility statement" in response.content


# --- Home ---------------------------------------------------------------------------------


def test_home_anonymous_goes_to_sign_in(client, db):
    assert goes_to_sign_in(client.get(reverse("home")))


def test_councillor_sees_only_their_cases(client, world):
    """A councillor's dashboard lists their cases, never another councillor's."""
    response = signed_in(client, world.councillor).get(reverse("home"))
    assert response.status_code == 200
    assert world.case.reference.encode() in response.content
    assert world.other_case.reference.encode() not in response.content


def test_a_councillors_home_lists_their_own_desk_not_their_ward_colleagues(client, world):
    """A ward colleague's case seen by consent is for search, not the home list; a case
    shared with the councillor is theirs to see there, with its councillor named."""
    from wardcase.cases.services.sharing import case_share

    world.other_case.consent_share_ward = True
    world.other_case.save(update_fields=["consent_share_ward"])
    signed_in(client, world.councillor)
    response = client.get(reverse("home"))
    listed = [c.reference for s in response.context["sections"] for c in s["cases"]]
    assert listed == [world.case.reference]
    assert f'?ward={world.ward.pk}"' in response.content.decode()
    search = client.get(reverse("search:search"), {"ward": world.ward.pk}).content.decode()
    assert world.other_case.reference in search

    case_share(
        case=world.other_case, by=world.other_councillor, user=world.councillor, reason="Cover"
    )
    response = client.get(reverse("home"))
    listed = {c.reference for s in response.context["sections"] for c in s["cases"]}
    assert listed == {world.case.reference, world.other_case.reference}
    assert f'{world.other_case.constituent.name}<span aria-hidden="true"> · </span>' in (
        response.content.decode()
    )


def test_request_an_update_shown_for_open_assigned_cases(client, world):
    """The chase button appears once a case is assigned, with the latest response."""
    signed_in(client, world.councillor)
    assert b"Request an update" not in client.get(reverse("home")).content
    case = responded(world)
    content = client.get(reverse("home")).content
    assert b"Request an update" in content
    assert reverse("cases:chase", args=[case.reference]).encode() in content
    assert b"Done" in content


def test_caseworker_sees_their_councillors_cases(client, world):
    responded(world)
    response = signed_in(client, world.caseworker).get(reverse("home"))
    assert world.case.reference.encode() in response.content
    assert world.other_case.reference.encode() not in response.content
    assert b"Request an update" in response.content


def test_coordinator_sees_new_cases_to_assign(client, world):
    assign(world)
    response = signed_in(client, world.coordinator).get(reverse("home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    assert [c.reference for c in sections["unassigned"]["cases"]] == [world.other_case.reference]
    # Listed once: the new case is not repeated among the assigned ones.
    assert [c.reference for c in sections["all"]["cases"]] == [world.case.reference]


def test_new_cases_to_assign_are_most_urgent_then_longest_waiting_first(client, world):
    """Triage order: urgent before high before normal; within each, the oldest first."""
    now = timezone.now()
    made = {}
    for name, priority, hours_ago in [
        ("normal-old", "normal", 50),
        ("urgent-new", "urgent", 1),
        ("high-old", "high", 30),
        ("urgent-old", "urgent", 20),
    ]:
        made[name] = factories.CaseFactory(owner=world.councillor, priority=priority)
        Case.objects.filter(pk=made[name].pk).update(created_at=now - timedelta(hours=hours_ago))
    Case.objects.filter(pk__in=[world.case.pk, world.other_case.pk]).update(
        created_at=now - timedelta(hours=10)
    )
    response = signed_in(client, world.coordinator).get(reverse("home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    references = [c.reference for c in sections["unassigned"]["cases"]]
    expected = ["urgent-old", "urgent-new", "high-old", "normal-old"]
    assert references[:4] == [made[name].reference for name in expected]
    assert set(references[4:]) == {world.case.reference, world.other_case.reference}
    assert b"Most urgent first, then the longest waiting." in response.content


def test_officer_sees_their_queue(client, world):
    assign(world)
    response = signed_in(client, world.officer).get(reverse("home"))
    assert [c.reference for c in response.context["sections"][0]["cases"]] == [world.case.reference]
    assert b"Request an update" not in response.content


def test_administrator_starts_at_council_settings_with_no_case_content(client, world):
    response = signed_in(client, world.administrator).get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("council:index"), 302)]
    assert b"Council settings" in response.content
    assert world.case.subject.encode() not in response.content


def test_status_filter(client, world):
    """The status select narrows the list; an unknown value falls back to open cases."""
    closed(world)
    signed_in(client, world.councillor)
    assert world.case.reference.encode() not in client.get(reverse("home")).content
    content = client.get(reverse("home"), {"status": "closed"}).content
    assert world.case.reference.encode() in content
    content = client.get(reverse("home"), {"status": "all"}).content
    assert world.case.reference.encode() in content
    response = client.get(reverse("home"), {"status": "nonsense"})
    assert response.status_code == 200 and response.context["status"] == "open"


@pytest.mark.parametrize("role", ["councillor", "caseworker"])
def test_cases_proposed_for_closure_lead_the_home_page(client, world, role):
    """The councillor's side closes cases, so those an officer proposes to close come first,
    once, and the other open cases follow."""
    case = services.case_propose_closure(case=responded(world), by=world.officer, reason="Fixed")
    other = factories.CaseFactory(owner=world.councillor, service=world.service)
    response = signed_in(client, getattr(world, role)).get(reverse("home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    assert list(sections) == ["to_close", "yours"]
    assert [c.reference for c in sections["to_close"]["cases"]] == [case.reference]
    assert [c.reference for c in sections["yours"]["cases"]] == [other.reference]
    assert b"Ready to close" in response.content and b"Other open cases" in response.content

    # A ward colleague who sees the case by consent finds it in search, not on their home.
    services.case_propose_closure(
        case=assign(world, world.other_case), by=world.officer, reason="Fixed"
    )
    response = signed_in(client, world.other_councillor).get(reverse("home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    assert [c.reference for c in sections["to_close"]["cases"]] == [world.other_case.reference]
    assert case.reference.encode() not in response.content
    case.consent_share_ward = True
    case.save(update_fields=["consent_share_ward"])
    response = client.get(reverse("home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    assert [c.reference for c in sections["to_close"]["cases"]] == [world.other_case.reference]
    assert case.reference not in response.content.decode()

    services.case_close(case=case, by=world.councillor, outcome="resolved")
    response = signed_in(client, getattr(world, role)).get(reverse("home"))
    assert [s["key"] for s in response.context["sections"]] == ["yours"]
    assert b"Ready to close" not in response.content
    # Any other status filter shows the one list it names.
    response = client.get(reverse("home"), {"status": "closed"})
    assert [s["key"] for s in response.context["sections"]] == ["yours"]


def _many_cases(world, owner, count):
    now = timezone.now()
    for n in range(count):
        case = factories.CaseFactory(
            owner=owner,
            service=world.service,
            department=world.department,
            lead_officer=world.officer,
            status=Status.IN_PROGRESS,
            acknowledge_due=now.date(),
            acknowledged_at=now,
            response_due=now.date(),
        )
        CaseEvent.objects.create(
            case=case, kind=EventKind.UPDATE, body=f"Update {n}", created_at=now
        )


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["councillor", "caseworker", "coordinator", "officer", "head"])
def test_dashboard_queries_do_not_grow_with_the_page(client, world, role):
    """The dashboard costs the same number of queries for 1 case as for a full page of 60."""
    assign(world)
    signed_in(client, getattr(world, role))
    few = _queries(client, reverse("home"))
    _many_cases(world, world.councillor, 60)
    many = _queries(client, reverse("home"))
    assert many == few
    assert _queries(client, reverse("home") + "?page=3") == few


def test_dashboard_query_budget_for_60_cases(client, world, django_assert_max_num_queries):
    """60 cases, 25 to a page, with latest responses and chase buttons: a fixed budget."""
    _many_cases(world, world.councillor, 60)
    signed_in(client, world.councillor)
    with django_assert_max_num_queries(10):  # 8, the cover today and the ready-to-close count
        response = client.get(reverse("home"))
    assert len(response.context["sections"][0]["cases"]) == 25
    assert response.content.count(b"Request an update<") == 25
    assert b'class="govuk-pagination"' in response.content
    assert b'href="?page=2"' in response.content
    last = client.get(reverse("home"), {"page": 3})
    assert len(last.context["sections"][0]["cases"]) == 11  # 60 + the world's own case
