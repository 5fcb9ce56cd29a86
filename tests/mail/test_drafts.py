"""Forwarding a constituent's email to the intake address makes a draft case to confirm."""

from tests.mail.helpers import deliver, make_email
from wardcase.cases.models import Case
from wardcase.mail.inbound.drafts import draft_confirm, draft_discard
from wardcase.mail.models_inbound import DraftCase, InboundMessage
from wardcase.mail.selectors import visible_drafts

INLINE_FORWARD = """Could we log this one please?

---------- Forwarded message ---------
From: Ada Resident <ada.resident@example.org>
Date: Mon, 23 Nov 2026 at 09:12
Subject: Overflowing bins on Mill Lane
To: Cllr One <cllr.one@council.example>

Dear Councillor,

The bins outside our flats have not been emptied for three weeks.

Ada Resident
Flat 2, 14 Mill Lane
Testtown
te1 1st
"""

OUTLOOK_FORWARD = """Please log.

From: Bob Smith [mailto:bob@example.net]
Sent: 20 November 2026 17:01
To: Cllr One
Subject: Street light out

The light outside 3 Church Road, Testtown TE2 2AB has been out for a month.
"""


def forward(world, body, sender=None, capture=None):
    raw = make_email(
        sender=sender or world.councillor.email,
        to="intake@localhost",
        subject="Fwd: Overflowing bins on Mill Lane",
        body=body,
    )
    message, _created = deliver(raw, capture)
    return message


def test_inline_forward_makes_a_prefilled_draft(world, django_capture_on_commit_callbacks):
    """Name, email, address and postcode come from the forwarded message."""
    message = forward(world, INLINE_FORWARD, capture=django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.PROCESSED
    draft = DraftCase.objects.get(inbound=message)
    assert draft.owner == world.councillor and draft.forwarded_by == world.councillor
    assert draft.constituent_name == "Ada Resident"
    assert draft.constituent_email == "ada.resident@example.org"
    assert draft.constituent_address == "Flat 2, 14 Mill Lane, Testtown"
    assert draft.constituent_postcode == "TE1 1ST"
    assert draft.subject == "Overflowing bins on Mill Lane"
    assert "not been emptied" in draft.description
    assert Case.objects.count() == 2  # nothing logged until confirmed


def test_outlook_forward_is_read_too(world, django_capture_on_commit_callbacks):
    """Outlook's 'From: name [mailto:...]' block and an address within a sentence are read."""
    message = forward(world, OUTLOOK_FORWARD, capture=django_capture_on_commit_callbacks)
    draft = DraftCase.objects.get(inbound=message)
    assert (draft.constituent_name, draft.constituent_email) == ("Bob Smith", "bob@example.net")
    assert draft.constituent_postcode == "TE2 2AB"
    assert draft.subject == "Street light out"


def test_only_the_forwarder_and_their_caseworkers_see_a_draft(
    world, django_capture_on_commit_callbacks
):
    """The other councillor, officers and coordinators do not see the draft."""
    message = forward(world, INLINE_FORWARD, capture=django_capture_on_commit_callbacks)
    draft = DraftCase.objects.get(inbound=message)
    assert list(visible_drafts(user=world.councillor)) == [draft]
    assert list(visible_drafts(user=world.caseworker)) == [draft]
    for other in (world.other_councillor, world.coordinator, world.officer, world.head):
        assert not visible_drafts(user=other).exists()


def test_officer_forward_is_quarantined(world, django_capture_on_commit_callbacks):
    """Only councillors and caseworkers can make draft cases by forwarding."""
    message = forward(
        world,
        INLINE_FORWARD,
        sender=world.officer.email,
        capture=django_capture_on_commit_callbacks,
    )
    assert message.state == InboundMessage.State.QUARANTINED
    assert not DraftCase.objects.exists()


def test_confirm_logs_the_case_and_discard_keeps_nothing(world, django_capture_on_commit_callbacks):
    """Confirming logs a case with the checked fields and links the email; discarding does not."""
    message = forward(world, INLINE_FORWARD, capture=django_capture_on_commit_callbacks)
    draft = DraftCase.objects.get(inbound=message)
    case = draft_confirm(
        draft=draft,
        by=world.caseworker,
        owner=world.councillor,
        service=world.service,
        subject="Bins not emptied",
        description=draft.description,
        constituent={"name": "Ada Resident", "postcode": draft.constituent_postcode},
    )
    assert case.owner == world.councillor and case.constituent.postcode == "TE1 1ST"
    message.refresh_from_db()
    assert message.case == case
    draft.refresh_from_db()
    assert draft.state == DraftCase.State.CONFIRMED
    second = DraftCase.objects.get(
        inbound=forward(world, OUTLOOK_FORWARD, capture=django_capture_on_commit_callbacks)
    )
    draft_discard(draft=second, by=world.councillor)
    assert Case.objects.count() == 3


def test_the_draft_page_shows_the_constituents_earlier_cases_within_reach(
    client, world, django_capture_on_commit_callbacks
):
    """Ada's earlier case shows on her councillor's draft; the other councillor, forwarding
    the same email, is told nothing of a case they may not see."""
    mine = DraftCase.objects.get(
        inbound=forward(world, INLINE_FORWARD, capture=django_capture_on_commit_callbacks)
    )
    client.force_login(world.councillor)
    html = client.get(f"/mail/drafts/{mine.pk}/").content.decode()
    assert "This constituent may have raised cases before" in html
    assert world.case.reference in html
    theirs = DraftCase.objects.get(
        inbound=forward(
            world,
            INLINE_FORWARD.replace("Could we", "Can we"),
            sender=world.other_councillor.email,
            capture=django_capture_on_commit_callbacks,
        )
    )
    client.force_login(world.other_councillor)
    html = client.get(f"/mail/drafts/{theirs.pk}/").content.decode()
    assert "Check the draft case" in html
    assert world.case.reference not in html
    assert "may have raised cases before" not in html


def test_a_confirmed_draft_keeps_the_forwarded_attachments(
    world, django_capture_on_commit_callbacks
):
    """The photo forwarded with the email is on the new case; a file that fails the upload
    checks is left off with the reason, and the email is on the case's timeline."""
    from wardcase.cases.choices import EventKind
    from wardcase.cases.models import Attachment

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    raw = make_email(
        sender=world.councillor.email,
        to="intake@localhost",
        subject="Fwd: Overflowing bins on Mill Lane",
        body=INLINE_FORWARD,
        attachments=[
            ("bins.png", png, "image", "png"),
            ("tool.exe", b"MZ" + b"\x00" * 64, "application", "octet-stream"),
        ],
    )
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    draft = DraftCase.objects.get(inbound=message)
    case = draft_confirm(
        draft=draft,
        by=world.councillor,
        owner=world.councillor,
        service=world.service,
        subject=draft.subject,
        description=draft.description,
        constituent={"name": "Ada Resident", "postcode": draft.constituent_postcode},
    )
    assert list(Attachment.objects.filter(case=case).values_list("original_name", flat=True)) == [
        "bins.png"
    ]
    event = case.events.get(kind=EventKind.EMAIL_IN)
    assert event.data["inbound_message"] == message.pk
    assert len(event.data["files_not_kept"]) == 1
