"""The case page and what is done from it, each tried anonymous, as a wrong role, permitted
and cross-owner: reading, actions, messages, chasing and attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.views_helpers import (
    EXE,
    PDF,
    closed,
    create_data,
    goes_to_sign_in,
    pdf,
    proposed,
    signed_in,
)
from tests.conftest import acknowledged, assign
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status

# --- The case page ------------------------------------------------------------------------


def test_case_page_four_ways(client, world):
    """Anonymous: sign in. Other councillor and administrator: 404. Owner: 200, no-store."""
    url = world.case.get_absolute_url()
    assert goes_to_sign_in(client.get(url))
    assert signed_in(client, world.other_councillor).get(url).status_code == 404
    assert signed_in(client, world.administrator).get(url).status_code == 404
    assert signed_in(client, world.other_officer).get(url).status_code == 404
    response = signed_in(client, world.councillor).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert world.case.subject.encode() in response.content
    assert b"ada@example.org" in response.content


def test_case_reads_are_audited(client, world):
    """A read by anyone other than the owner is audited; the owner's own reads are not."""
    signed_in(client, world.councillor).get(world.case.get_absolute_url())
    assert not AuditEntry.objects.filter(action="case.viewed").exists()
    signed_in(client, world.coordinator).get(world.case.get_absolute_url())
    entry = AuditEntry.objects.get(action="case.viewed")
    assert entry.actor == world.coordinator and entry.case == world.case


def test_internal_notes_hidden_from_the_councillor_side(client, world):
    case = assign(world)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.NOTE, body="Secret note")
    assert b"Secret note" in signed_in(client, world.officer).get(case.get_absolute_url()).content
    assert (
        b"Secret note"
        not in signed_in(client, world.councillor).get(case.get_absolute_url()).content
    )


def test_officer_does_not_see_contact_details_without_consent(client, world):
    world.case.consent_share_officers = False
    world.case.save(update_fields=["consent_share_officers"])
    case = assign(world)
    content = signed_in(client, world.officer).get(case.get_absolute_url()).content
    assert b"ada@example.org" not in content
    assert b"Contact details withheld" in content


def test_action_panels_follow_the_rules(client, world):
    """Each role sees only the actions its rules allow."""
    url = world.case.get_absolute_url()
    keys = {p["key"] for p in signed_in(client, world.coordinator).get(url).context["panels"]}
    assert "assign" in keys and "close" not in keys
    keys = {p["key"] for p in signed_in(client, world.councillor).get(url).context["panels"]}
    assert "close" in keys and "assign" not in keys
    content = signed_in(client, world.caseworker).get(url).content
    assert b"How did the councillor authorise this?" in content


# --- Actions on a case --------------------------------------------------------------------

# (url name, prepare the case, form data, permitted role, wrong role (403), effect on the case)
ACTIONS = [
    (
        "assign",
        lambda w: w.case,
        lambda w: {
            "department": w.department.pk,
            "lead_officer": w.officer.pk,
            "additional_officers": [w.head.pk],
            "reason": "Pothole team",
        },
        "coordinator",
        "councillor",
        lambda c: c.status == Status.ASSIGNED and c.additional_officers.count() == 1,
    ),
    (
        "acknowledge",
        assign,
        lambda w: {"message": "Looking at it."},
        "officer",
        "councillor",
        lambda c: c.status == Status.ACKNOWLEDGED,
    ),
    (
        "add_event",
        acknowledged,
        lambda w: {"kind": "full_response", "body": "Repaired on Tuesday."},
        "officer",
        "administrator",
        lambda c: c.status == Status.RESPONDED,
    ),
    (
        "propose_closure",
        acknowledged,
        lambda w: {"reason": "Repair done."},
        "officer",
        "councillor",
        lambda c: c.closure_proposed_at is not None,
    ),
    (
        "close",
        acknowledged,
        lambda w: {"outcome": "resolved", "comment": "Thanks all"},
        "councillor",
        "officer",
        lambda c: c.status == Status.CLOSED and c.outcome == "resolved",
    ),
    (
        "decline_closure",
        proposed,
        lambda w: {"reason": "The kerb is still broken."},
        "caseworker",
        "officer",
        lambda c: (
            c.closure_proposed_at is None
            and c.events.filter(kind=EventKind.CLOSURE_DECLINED).count() == 1
        ),
    ),
    (
        "reopen",
        closed,
        lambda w: {"reason": "It is back."},
        "councillor",
        "coordinator",
        lambda c: c.status == Status.REOPENED,
    ),
    (
        "chase",
        acknowledged,
        lambda w: {},
        "councillor",
        "officer",
        lambda c: c.events.filter(kind=EventKind.CHASE).count() == 1,
    ),
    (
        "attach",
        lambda w: w.case,
        lambda w: {"attachments": [pdf()], "note": "Photo"},
        "councillor",
        "administrator",
        lambda c: c.attachments.count() == 1,
    ),
]
IDS = [a[0] for a in ACTIONS]


@pytest.mark.parametrize(("name", "prepare", "data", "role", "wrong", "effect"), ACTIONS, ids=IDS)
def test_action_four_ways(client, world, name, prepare, data, role, wrong, effect):
    """Anonymous: sign in. Wrong role: 403 or 404. Other councillor: 404. Permitted: done."""
    case = prepare(world)
    url = reverse(f"cases:{name}", args=[case.reference])
    assert goes_to_sign_in(client.post(url, data(world)))
    assert signed_in(client, getattr(world, wrong)).post(url, data(world)).status_code in (403, 404)
    assert signed_in(client, world.other_councillor).post(url, data(world)).status_code == 404
    case.refresh_from_db()
    assert not effect(case)
    response = signed_in(client, getattr(world, role)).post(url, data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert effect(case)
    follow = client.get(response["Location"])
    assert b"govuk-notification-banner--success" in follow.content


# Closing has a GET: the confirm step the home page's "Ready to close" rows lead to.
@pytest.mark.parametrize("name", [name for name in IDS if name != "close"])
def test_actions_are_post_only(client, world, name):
    url = reverse(f"cases:{name}", args=[world.case.reference])
    assert signed_in(client, world.councillor).get(url).status_code == 405


def test_officer_cannot_close(client, world):
    """An officer posting close gets 403 and the case stays open."""
    case = acknowledged(world)
    response = signed_in(client, world.officer).post(
        reverse("cases:close", args=[case.reference]), {"outcome": "resolved"}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.ACKNOWLEDGED


def test_caseworker_must_record_authority_to_close(client, world):
    """Without the councillor's authority the case stays open and the field says why."""
    case = acknowledged(world)
    url = reverse("cases:close", args=[case.reference])
    signed_in(client, world.caseworker)
    response = client.post(url, {"outcome": "resolved", "comment": "Sorted"})
    assert response.status_code == 400
    assert b'href="#close-authority"' in response.content
    assert b"Record how Cllr One authorised closing this case" in response.content
    assert b"Sorted" in response.content
    case.refresh_from_db()
    assert case.is_open
    response = client.post(url, {"outcome": "resolved", "authority": "By phone, 3 March"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.events.get(kind=EventKind.CLOSED).data["authority"] == "By phone, 3 March"


def test_close_needs_an_outcome(client, world):
    case = acknowledged(world)
    response = signed_in(client, world.councillor).post(
        reverse("cases:close", args=[case.reference]), {}
    )
    assert response.status_code == 400
    assert b"Choose an outcome" in response.content
    assert b'href="#close-outcome"' in response.content


def test_a_proposal_to_close_is_answered_on_the_case_page(client, world):
    """The councillor sees the proposal with both answers; sending it back needs a reason,
    and an empty one keeps the proposal and says why."""
    case = proposed(world)
    signed_in(client, world.councillor)
    response = client.get(case.get_absolute_url())
    keys = [p["key"] for p in response.context["panels"]]
    assert {"close", "decline_closure"} <= set(keys) and response.context["close_panel"]["open"]
    assert b"Not ready to close" in response.content
    assert b"Came in by: Email" in response.content and b"Enquirer: Councillor" in response.content

    url = reverse("cases:decline_closure", args=[case.reference])
    response = client.post(url, {"reason": " "})
    assert response.status_code == 400
    assert b"Say what still needs doing" in response.content
    case.refresh_from_db()
    assert case.closure_proposed_at is not None

    client.post(url, {"reason": "The kerb is still broken."})
    response = client.get(case.get_absolute_url())
    keys = [p["key"] for p in response.context["panels"]]
    assert "decline_closure" not in keys and response.context["primary"] != "close"
    assert b"Closure not agreed" in response.content
    signed_in(client, world.officer)
    response = client.get(case.get_absolute_url())
    assert response.context["sent_back"].body == "The kerb is still broken."
    assert b"Not ready to close: Cllr" in response.content
    # Once the officer writes again, their entry is the latest word at the top.
    services.case_add_event(case=case, by=world.officer, kind=EventKind.UPDATE, body="Booked.")
    assert client.get(case.get_absolute_url()).context["sent_back"] is None


def test_assign_service_error_shown_on_the_lead_officer(client, world):
    """An officer from another department is refused by the service, on that field."""
    response = signed_in(client, world.coordinator).post(
        reverse("cases:assign", args=[world.case.reference]),
        {"department": world.department.pk, "lead_officer": world.other_officer.pk},
    )
    assert response.status_code == 400
    assert b'href="#assign-lead_officer"' in response.content
    assert b"Housing Officer is not in Highways" in response.content
    world.case.refresh_from_db()
    assert world.case.status == Status.NEW


def test_councillor_sends_a_message(client, world):
    """The councillor's side has one kind of entry: a message to the officer."""
    case = assign(world)
    signed_in(client, world.councillor)
    page = client.get(case.get_absolute_url())
    assert b"Send a message to the officer" in page.content
    response = client.post(
        reverse("cases:add_event", args=[case.reference]),
        {"kind": "member_message", "body": "Any news?"},
    )
    assert response.status_code == 302
    assert case.events.filter(kind=EventKind.MEMBER_MESSAGE, body="Any news?").exists()
    response = client.post(
        reverse("cases:add_event", args=[case.reference]), {"kind": "note", "body": "x"}
    )
    assert response.status_code == 400
    assert not case.events.filter(kind=EventKind.NOTE).exists()


def test_bad_attachment_on_a_case_is_refused(client, world):
    bad = SimpleUploadedFile("photo.pdf", EXE, content_type="application/pdf")
    response = signed_in(client, world.councillor).post(
        reverse("cases:attach", args=[world.case.reference]), {"attachments": [bad]}
    )
    assert response.status_code == 400
    assert b"photo.pdf is not a file type Wardcase accepts" in response.content
    assert world.case.attachments.count() == 0


def test_chase_with_htmx_answers_a_fragment(client, world):
    """With htmx the chase answers a confirmation for the live region, not a page."""
    case = acknowledged(world)
    response = signed_in(client, world.councillor).post(
        reverse("cases:chase", args=[case.reference]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"Update requested." in response.content
    assert b"<html" not in response.content
    assert case.events.filter(kind=EventKind.CHASE).count() == 1


def test_chase_without_js_returns_to_the_list(client, world):
    case = acknowledged(world)
    response = signed_in(client, world.councillor).post(
        reverse("cases:chase", args=[case.reference]), {"next": "/?status=all"}
    )
    assert response.status_code == 302 and response["Location"] == "/?status=all"
    response = client.post(
        reverse("cases:chase", args=[case.reference]),
        {"next": "https://evil.example/", "confirm": "1"},
    )
    assert response["Location"] == case.get_absolute_url()


def test_chase_on_a_new_case_is_refused(client, world):
    response = signed_in(client, world.councillor).post(
        reverse("cases:chase", args=[world.case.reference])
    )
    assert response.status_code == 403
    assert not world.case.events.filter(kind=EventKind.CHASE).exists()


# --- Attachments --------------------------------------------------------------------------


def test_attachment_download_four_ways(client, world):
    """Served as a download with nosniff to those who see the case; 404 to everyone else."""
    services.case_attach(case=world.case, by=world.councillor, files=[pdf()])
    attachment = world.case.attachments.get()
    url = reverse("cases:attachment", args=[world.case.reference, attachment.pk])
    assert goes_to_sign_in(client.get(url))
    assert signed_in(client, world.other_councillor).get(url).status_code == 404
    assert signed_in(client, world.administrator).get(url).status_code == 404
    response = signed_in(client, world.councillor).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    missing = reverse("cases:attachment", args=[world.case.reference, attachment.pk + 99])
    assert client.get(missing).status_code == 404


def test_attachment_on_an_internal_note_is_hidden_from_the_councillor(client, world):
    case = assign(world)
    services.case_add_event(
        case=case, by=world.officer, kind=EventKind.NOTE, body="See file", files=[pdf()]
    )
    attachment = case.attachments.get()
    url = reverse("cases:attachment", args=[case.reference, attachment.pk])
    assert signed_in(client, world.officer).get(url).status_code == 200
    assert signed_in(client, world.councillor).get(url).status_code == 404
    assert b"letter.pdf" not in client.get(case.get_absolute_url()).content


def test_not_found_page(client, world):
    response = signed_in(client, world.councillor).get("/cases/WC-1999-000001/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_caseworker_acting_for_nobody_is_told_why(client, world):
    """A caseworker with no councillors sees why they cannot log a case, and cannot post one."""
    world.caseworker.acts_for.clear()
    signed_in(client, world.caseworker)
    response = client.get(reverse("cases:create"))
    assert response.status_code == 200
    assert b"You do not act for any councillor yet" in response.content
    assert client.post(reverse("cases:create"), create_data(world)).status_code == 403


def test_caseworker_is_told_whom_the_case_is_for(client, world):
    content = signed_in(client, world.caseworker).get(reverse("cases:create")).content
    assert b"You are logging this case for Cllr One." in content


def test_case_page_queries_do_not_grow_with_the_timeline(client, world):
    """The case page costs the same number of queries with 3 or 30 timeline entries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wardcase.cases import services

    case = assign(world)
    client.force_login(world.officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(case.get_absolute_url()).status_code == 200
        return len(captured)

    few = queries()
    for n in range(27):
        services.case_add_event(case=case, by=world.officer, kind="note", body=f"Note {n}")
    assert queries() == few


@pytest.mark.parametrize("role", ["councillor", "caseworker", "coordinator", "officer", "head"])
def test_the_home_page_asks_no_model_permissions(client, world, role):
    """Wardcase's permissions are rules: a `perms.x.y` the rules refuse falls through to
    Django's model permissions, two more queries on every home page."""
    assign(world)
    signed_in(client, getattr(world, role))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    asked = [q["sql"] for q in captured.captured_queries if "auth_permission" in q["sql"]]
    assert asked == []
