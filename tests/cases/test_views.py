"""The web interface: every view tried anonymous, as a wrong role, permitted, and cross-owner."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import acknowledged, assign
from tests.signing_in import totp_code, totp_device
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Attachment, Case, CaseEvent

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def signed_in(client, user):
    client.force_login(user)
    return client


def responded(world):
    case = acknowledged(world)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Done")
    return Case.objects.get(pk=case.pk)


def closed(world):
    return services.case_close(case=assign(world), by=world.councillor, outcome="resolved")


def proposed(world):
    return services.case_propose_closure(case=acknowledged(world), by=world.officer, reason="Done")


def goes_to_sign_in(response):
    return response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


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


# --- Log a case ---------------------------------------------------------------------------


def create_data(world, **overrides):
    data = {
        "constituent_name": "Carol Resident",
        "constituent_address": "4 Mill Lane\nTesttown",
        "constituent_postcode": "te1 1st",
        "constituent_email": "carol@example.org",
        "constituent_phone": "01234 567890",
        "constituent_contact_preference": "email",
        "subject": "Fly-tipping behind the shops",
        "description": "Mattresses dumped in the lane.",
        "service": world.service.pk,
        "case_type": "enquiry",
        "channel": "surgery",
        "enquirer_type": "councillor",
        "priority": "normal",
        "location": "Lane behind 1-9 High Street",
        "consent_share_officers": "on",
    }
    data.update(overrides)
    return data


def test_create_anonymous_and_wrong_role(client, world):
    """Anonymous visitors sign in first; officers and administrators cannot log cases."""
    assert goes_to_sign_in(client.get(reverse("cases:create")))
    assert signed_in(client, world.officer).get(reverse("cases:create")).status_code == 403
    assert signed_in(client, world.administrator).post(reverse("cases:create")).status_code == 403


def test_councillor_logs_a_case(client, world):
    """A valid form logs the case and shows its reference in a success banner."""
    signed_in(client, world.councillor)
    form = client.get(reverse("cases:create"))
    assert b'name="owner"' not in form.content
    assert b"<optgroup" in form.content
    response = client.post(reverse("cases:create"), create_data(world), follow=True)
    case = Case.objects.get(subject="Fly-tipping behind the shops")
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert case.owner == world.councillor and case.channel == "surgery"
    assert case.constituent.postcode == "TE1 1ST"
    assert f"Its reference is {case.reference}".encode() in response.content
    assert b"govuk-notification-banner--success" in response.content


def test_caseworker_logs_a_case_with_a_file(client, world):
    signed_in(client, world.caseworker)
    data = create_data(world, attachments=[pdf()])
    response = client.post(reverse("cases:create"), data)
    case = Case.objects.get(subject="Fly-tipping behind the shops")
    assert response.status_code == 302
    assert case.owner == world.councillor and case.created_by == world.caseworker
    assert [a.original_name for a in case.attachments.all()] == ["letter.pdf"]


def test_coordinator_chooses_the_councillor(client, world):
    signed_in(client, world.coordinator)
    assert b'name="owner"' in client.get(reverse("cases:create")).content
    data = create_data(world, owner=world.other_councillor.pk)
    assert client.post(reverse("cases:create"), data).status_code == 302
    assert Case.objects.get(subject="Fly-tipping behind the shops").owner == world.other_councillor


def test_a_few_councillors_are_radios_and_many_a_select(client, world):
    """A caseworker for two councillors taps one; a coordinator choosing among many
    gets a drop-down. Choosing none is explained and nothing is stored."""
    world.caseworker.acts_for.add(world.other_councillor)
    signed_in(client, world.caseworker)
    html = client.get(reverse("cases:create")).content.decode()
    assert 'name="owner" type="radio"' in html and "Choose a councillor" not in html
    response = client.post(reverse("cases:create"), create_data(world))
    assert response.status_code == 400
    assert "Choose the councillor this case is for" in response.content.decode()
    data = create_data(world, owner=world.other_councillor.pk)
    assert client.post(reverse("cases:create"), data).status_code == 302
    assert Case.objects.get(subject="Fly-tipping behind the shops").owner == world.other_councillor

    for _ in range(9):  # 11 councillors in all
        factories.CouncillorFactory(ward=world.ward)
    signed_in(client, world.coordinator)
    html = client.get(reverse("cases:create")).content.decode()
    assert '<select name="owner"' in html and "Choose a councillor" in html


def test_the_enquirer_types_offered_follow_the_councils_nation(client, world):
    """England: councillor and MP (MEP only for older cases); Scotland adds MSPs. A case
    that already has a type the nation is not offered keeps it when edited."""
    from wardcase.directory.models import Council

    signed_in(client, world.councillor)

    def offered():
        form = client.get(reverse("cases:create")).context["form"]
        return [value for value, _label in form.fields["enquirer_type"].choices]

    assert offered() == ["councillor", "mp"]
    response = client.post(reverse("cases:create"), create_data(world, enquirer_type="msp"))
    assert response.status_code == 400 and "enquirer_type" in response.context["form"].errors
    assert not Case.objects.filter(subject="Fly-tipping behind the shops").exists()

    Council.objects.update(nation="scotland")
    assert offered() == ["councillor", "mp", "msp"]
    Case.objects.filter(pk=world.case.pk).update(enquirer_type="msp")
    Council.objects.update(nation="england")
    form = client.get(reverse("cases:edit", args=[world.case.reference])).context["form"]
    assert "msp" in [value for value, _label in form.fields["enquirer_type"].choices]


def test_empty_description_shows_the_error_and_stores_nothing(client, world):
    """GOV.UK error summary and field error; values kept; no case saved."""
    before = Case.objects.count()
    signed_in(client, world.councillor)
    response = client.post(reverse("cases:create"), create_data(world, description=""))
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.content
    assert b'href="#description"' in response.content
    assert b"Enter a description of the problem" in response.content
    assert b"Carol Resident" in response.content
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert "<title>Error:" in response.content.decode()
    assert Case.objects.count() == before


def test_service_error_lands_on_its_field(client, world):
    """A bad postcode, refused by the service, is shown on the postcode field."""
    signed_in(client, world.councillor)
    data = create_data(world, constituent_postcode="not a postcode", attachments=[pdf()])
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 400
    assert b'href="#constituent_postcode"' in response.content
    assert b"Choose the files again" in response.content
    assert not Case.objects.filter(subject="Fly-tipping behind the shops").exists()


def test_disallowed_upload_is_refused_and_nothing_stored(client, world):
    """A program renamed .pdf is refused by its content, and no case or file is stored."""
    signed_in(client, world.councillor)
    bad = SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf")
    response = client.post(reverse("cases:create"), create_data(world, attachments=[bad]))
    assert response.status_code == 400
    assert b"invoice.pdf is not a file type Wardcase accepts" in response.content
    assert not Case.objects.filter(subject="Fly-tipping behind the shops").exists()
    assert Attachment.objects.count() == 0


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
