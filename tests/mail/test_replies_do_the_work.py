"""Email that does the work: an officer's reply acknowledges, a reply after closing reaches
the councillor's side (or, later, starts a draft new case), and everyone put on a case is
told. Through the real inbound pipeline; the end-to-end ones through the real SMTP and
IMAP servers on 127.0.0.1."""

from datetime import date

import time_machine
from django.core.management import call_command
from django.urls import reverse

from tests.charter.conftest import at
from tests.conftest import acknowledged, assign
from tests.mail.conftest import imap_append
from tests.mail.helpers import deliver, make_email, reply_email
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.follow_up import follow_up_ends, in_follow_up_window
from wardcase.cases.models import CaseLink
from wardcase.charter.models import Clock
from wardcase.directory.models import Council
from wardcase.mail.inbound.drafts import draft_confirm
from wardcase.mail.inbound.processing import inbound_process
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models import OutboxMessage
from wardcase.mail.models_inbound import DraftCase, InboundMessage

State = InboundMessage.State


def events(case, kind):
    return list(case.events.filter(kind=kind).order_by("pk"))


def told(user, template_words):
    return OutboxMessage.objects.filter(recipient=user, subject__contains=template_words)


# --- An officer's reply acknowledges -----------------------------------------------------


def test_an_officers_reply_acknowledges_when_it_was_received(
    world, django_capture_on_commit_callbacks
):
    """Stored on Tuesday, processed on Thursday: the acknowledge clock is met on Tuesday,
    through the acknowledge service, and the timeline and audit say it came by email."""
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = assign(world)
    with time_machine.travel(at(2026, 3, 3, 9, 30), tick=False):
        # Stored, but its processing task not run: a worker picks it up later.
        raw = reply_email(world, user=world.officer, body="On it, visiting tomorrow.")
        with django_capture_on_commit_callbacks(execute=False):
            message, _created = inbound_store(raw=raw, source=InboundMessage.Source.FILE)
    assert message.state == State.RECEIVED
    with time_machine.travel(at(2026, 3, 5, 16), tick=False):
        inbound_process(message_id=message.pk)
    message.refresh_from_db()
    case.refresh_from_db()
    assert message.state == State.PROCESSED
    assert case.status == Status.ACKNOWLEDGED
    assert case.acknowledged_at == at(2026, 3, 3, 9, 30)
    clock = Clock.objects.get(case=case, kind=Clock.Kind.ACKNOWLEDGE)
    assert (clock.state, clock.met_at) == (Clock.State.MET, at(2026, 3, 3, 9, 30))
    [ack] = events(case, EventKind.ACKNOWLEDGED)
    assert ack.author == world.officer
    assert ack.data == {"via": "email", "inbound_message": message.pk}
    [email] = events(case, EventKind.EMAIL_IN)
    assert email.body == "On it, visiting tomorrow."
    entry = AuditEntry.objects.get(action="case.acknowledged", case_id=case.pk)
    assert entry.detail["via"] == "email"
    assert told(world.councillor, "acknowledged").exists()


def test_the_timeline_shows_an_acknowledgement_by_email(
    client, world, django_capture_on_commit_callbacks
):
    assign(world)
    deliver(reply_email(world, user=world.officer), django_capture_on_commit_callbacks)
    client.force_login(world.councillor)
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert "Acknowledged by replying to the email about the case." in page


def test_a_councillors_reply_does_not_acknowledge(world, django_capture_on_commit_callbacks):
    """Only an officer who may acknowledge the case does so by replying."""
    assign(world)
    message, _created = deliver(reply_email(world), django_capture_on_commit_callbacks)
    world.case.refresh_from_db()
    assert message.state == State.PROCESSED
    assert world.case.acknowledged_at is None and world.case.status == Status.ASSIGNED
    assert events(world.case, EventKind.ACKNOWLEDGED) == []
    live = Clock.objects.get(case=world.case, kind=Clock.Kind.ACKNOWLEDGE)
    assert live.state == Clock.State.RUNNING


def test_a_reply_once_acknowledged_is_only_an_email(world, django_capture_on_commit_callbacks):
    case = acknowledged(world)
    first = case.acknowledged_at
    deliver(
        reply_email(world, user=world.officer, body="Later"), django_capture_on_commit_callbacks
    )
    case.refresh_from_db()
    assert case.acknowledged_at == first
    assert len(events(case, EventKind.ACKNOWLEDGED)) == 1
    assert len(events(case, EventKind.EMAIL_IN)) == 1


def test_the_web_and_api_say_how_they_acknowledged(world, api):
    """The one service records its channel: the API's acknowledgement says so."""
    assign(world)
    response = api(world.officer).post(
        f"/api/v1/cases/{world.case.reference}/acknowledge/", {}, format="json"
    )
    assert response.status_code == 200, response.content
    [ack] = events(world.case, EventKind.ACKNOWLEDGED)
    assert ack.data == {"via": "api"}


# --- Everyone put on a case is told ------------------------------------------------------


def test_additional_officers_get_the_assigned_email_once(world, django_capture_on_commit_callbacks):
    helper = world.other_officer
    services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
        additional_officers=[helper],
    )
    assert told(world.officer, "Case assigned to you").count() == 1
    [notice] = told(helper, "Case assigned to you")
    assert "as an additional officer; Officer One leads it" in notice.body
    # Assigned again with the same people: nobody new, nobody told twice.
    services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
        additional_officers=[helper, world.head],
    )
    assert told(world.officer, "Case assigned to you").count() == 1
    assert told(helper, "Case assigned to you").count() == 1
    assert told(world.head, "Case assigned to you").count() == 1


def test_end_to_end_the_assigned_emails_go_out_and_the_reply_acknowledges(
    world, smtp_server, imap_account, django_capture_on_commit_callbacks
):
    """Assigned with a helper: both get the email through SMTP; the helper answers it from
    their mail client through the IMAP mailbox, and that acknowledges the case."""
    with django_capture_on_commit_callbacks(execute=True):
        services.case_assign(
            case=world.case,
            by=world.coordinator,
            department=world.department,
            lead_officer=world.officer,
            additional_officers=[world.other_officer],
        )
    sent = {m["To"]: m for m in smtp_server.messages()}
    assert set(sent) == {world.officer.email, world.other_officer.email}
    notice = sent[world.other_officer.email]
    assert "Case assigned to you" in notice["Subject"]
    reply = make_email(
        sender=f"{world.other_officer.name} <{world.other_officer.email}>",
        to=notice["Reply-To"],
        subject=f"Re: {notice['Subject']}",
        body="Seen, I will help.\n\nOn Tue, Wardcase wrote:\n> Case assigned to you",
        headers={"In-Reply-To": notice["Message-ID"]},
    )
    imap_append(imap_account, [reply])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    world.case.refresh_from_db()
    assert world.case.status == Status.ACKNOWLEDGED
    [ack] = events(world.case, EventKind.ACKNOWLEDGED)
    assert ack.author == world.other_officer and ack.data["via"] == "email"
    message = InboundMessage.objects.get(mailbox=imap_account.mailbox)
    assert world.case.acknowledged_at == message.received_at
    assert any(m["To"] == world.councillor.email for m in smtp_server.messages())


# --- Replies after closing ---------------------------------------------------------------


def close(world, when):
    with time_machine.travel(when, tick=False):
        return services.case_close(
            case=world.case, by=world.councillor, outcome="resolved", comment="Filled"
        )


def test_the_follow_up_window_counts_the_councils_working_days(world):
    """20 working days by default; the council's own number; bank holidays left out."""
    case = close(world, at(2026, 3, 2, 10))  # a Monday
    assert follow_up_ends(case=case) == date(2026, 3, 30)
    assert in_follow_up_window(case=case, at=at(2026, 3, 30, 23, 0))
    assert not in_follow_up_window(case=case, at=at(2026, 3, 31, 8, 0))
    Council.objects.update(follow_up_working_days=5)
    assert follow_up_ends(case=case) == date(2026, 3, 9)
    services.case_reopen(case=case, by=world.councillor, reason="Back")
    case = close(world, at(2026, 3, 30, 10))  # Good Friday and Easter Monday are not counted
    assert follow_up_ends(case=case) == date(2026, 4, 8)
    services.case_reopen(case=case, by=world.councillor, reason="Back again")
    case.refresh_from_db()
    assert follow_up_ends(case=case) is None


def test_a_reply_within_the_window_lands_and_tells_the_councillors_side(
    client, world, django_capture_on_commit_callbacks
):
    """It goes on the closed case, the councillor and their caseworker are told, and the
    councillor's case page opens on "Reopen the case"."""
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        assign(world)
    close(world, at(2026, 3, 2, 10))
    OutboxMessage.objects.all().delete()
    with time_machine.travel(at(2026, 3, 20, 11), tick=False):
        raw = reply_email(world, user=world.officer, body="The crack has opened again.")
        message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == State.PROCESSED
    world.case.refresh_from_db()
    assert world.case.status == Status.CLOSED
    [email] = events(world.case, EventKind.EMAIL_IN)
    assert email.body == "The crack has opened again." and email.data["after_close"] is True
    for person in (world.councillor, world.caseworker):
        [notice] = told(person, "Email on a closed case from Officer One")
        assert "The crack has opened again." in notice.body
        assert "reopen the case from its page" in notice.body
    assert not OutboxMessage.objects.filter(recipient=world.officer).exists()
    client.force_login(world.councillor)
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert "After the case was closed" in page
    assert 'id="panel-reopen" open' in page
    services.case_reopen(case=world.case, by=world.councillor, reason="Opened again")
    world.case.refresh_from_db()
    assert world.case.status == Status.REOPENED


def test_a_reply_after_the_window_becomes_a_linked_draft(
    client, world, django_capture_on_commit_callbacks
):
    """After the window the closed case is untouched; a draft new case for the same
    councillor and constituent waits, and once confirmed it is linked to the old case."""
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        assign(world)
    close(world, at(2026, 3, 2, 10))
    with time_machine.travel(at(2026, 3, 31, 9), tick=False):
        raw = reply_email(world, user=world.officer, subject="Re: Mill Lane", body="Back again.")
        message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == State.PROCESSED
    assert events(world.case, EventKind.EMAIL_IN) == []
    draft = DraftCase.objects.get(inbound=message)
    assert (draft.follows, draft.owner, draft.forwarded_by) == (
        world.case,
        world.councillor,
        world.officer,
    )
    assert (draft.description, draft.constituent_name, draft.constituent_email) == (
        "Back again.",
        "Ada Resident",
        "ada@example.org",
    )
    assert told(world.councillor, "New draft case from Officer One").exists()
    assert told(world.caseworker, "New draft case from Officer One").exists()
    client.force_login(world.councillor)
    page = client.get(reverse("mail_inbound:draft", args=[draft.pk])).content.decode()
    assert f"This came as a reply to closed case {world.case.reference}" in page
    new = draft_confirm(
        draft=draft,
        by=world.caseworker,
        owner=world.councillor,
        service=world.service,
        subject="Mill Lane pothole again",
        description=draft.description,
        constituent={"name": "Ada Resident", "email": "ada@example.org"},
    )
    link = CaseLink.objects.get()
    assert {link.case_a_id, link.case_b_id} == {world.case.pk, new.pk}
    assert events(world.case, EventKind.LINKED)[0].data["other"] == new.pk


def test_a_reply_to_a_closed_case_from_someone_not_on_it_is_still_quarantined(
    world, django_capture_on_commit_callbacks
):
    close(world, at(2026, 3, 2, 10))
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        raw = reply_email(world, user=world.other_officer)
        message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == State.QUARANTINED
    assert not DraftCase.objects.exists()
    assert events(world.case, EventKind.EMAIL_IN) == []


def test_end_to_end_a_reply_after_closing_reaches_the_councillor(
    world, smtp_server, imap_account, django_capture_on_commit_callbacks
):
    """The officer answers the "case closed" email from their mail client: through the
    IMAP mailbox it lands on the case, and the councillor's email goes out through SMTP."""
    assign(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_close(case=world.case, by=world.councillor, outcome="resolved")
    [closed] = [m for m in smtp_server.messages() if m["To"] == world.officer.email]
    reply = make_email(
        sender=world.officer.email,
        to=closed["Reply-To"],
        subject=f"Re: {closed['Subject']}",
        body="The resident says it is back.",
    )
    imap_append(imap_account, [reply])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    [email] = events(world.case, EventKind.EMAIL_IN)
    assert email.data["after_close"] and email.body == "The resident says it is back."
    to_councillor = [m for m in smtp_server.messages() if m["To"] == world.councillor.email]
    assert any("Email on a closed case" in m["Subject"] for m in to_councillor)
