"""The inbound pipeline: store first, then put each message where it belongs, or quarantine it."""

import pytest
from django.core.management import call_command

from tests.conftest import assign
from tests.mail.helpers import deliver, make_email, reply_email
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.mail.inbound.processing import inbound_process, inbound_retry
from wardcase.mail.models import OutboxMessage
from wardcase.mail.models_inbound import InboundMessage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
QUOTED_REPLY = """Thanks, the resident says it has been filled.

--
Cllr One
North Ward

On Mon, 23 Nov 2026 at 10:00, Wardcase <casework@localhost> wrote:
> The pothole on Mill Lane
> has been assigned.
"""


def email_events(case):
    return list(case.events.filter(kind=EventKind.EMAIL_IN))


def test_reply_lands_on_the_case_without_quotes_or_signature(
    world, django_capture_on_commit_callbacks
):
    """A reply to a case address lands on that case from its sender, quotes and signature gone."""
    assign(world)
    raw = reply_email(
        world,
        body=QUOTED_REPLY,
        attachments=[("photo.png", PNG, "image", "png")],
    )
    message, created = deliver(raw, django_capture_on_commit_callbacks)
    assert created and message.state == InboundMessage.State.PROCESSED
    [event] = email_events(world.case)
    assert event.author == world.councillor
    assert event.body == "Thanks, the resident says it has been filled."
    assert [a.original_name for a in event.attachments.all()] == ["photo.png"]
    assert message.case == world.case and message.event == event
    assert bytes(message.raw) == raw
    officer_mail = OutboxMessage.objects.filter(recipient=world.officer)
    assert officer_mail.filter(subject__contains="Email from Cllr One").exists()


def test_attachment_of_a_refused_type_is_named_not_kept(world, django_capture_on_commit_callbacks):
    """A file the upload checks refuse is not stored, and the timeline says so."""
    raw = reply_email(
        world, attachments=[("run.exe", b"MZ\x90\x00" * 50, "application", "x-msdownload")]
    )
    deliver(raw, django_capture_on_commit_callbacks)
    [event] = email_events(world.case)
    assert event.attachments.count() == 0
    assert "run.exe" in event.data["files_not_kept"][0]


def test_reply_from_another_address_is_quarantined(world, django_capture_on_commit_callbacks):
    """A reply whose sender is not the person the address was sent to never reaches the case."""
    raw = reply_email(world, sender="Cllr Two <cllr.two@council.example>")
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.QUARANTINED
    assert "not the person" in message.reason
    assert email_events(world.case) == []


def test_forged_token_is_quarantined(world, django_capture_on_commit_callbacks):
    """A reply address with an altered token is quarantined, not put on the case it names."""
    raw = make_email(
        sender=world.councillor.email,
        to=f"casework+{world.case.pk}-{world.councillor.pk}-{'0' * 20}@localhost",
    )
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.QUARANTINED
    assert "does not verify" in message.reason
    assert email_events(world.case) == []


def test_unknown_sender_is_quarantined(world, django_capture_on_commit_callbacks):
    """Mail from an address no user has goes to quarantine with the reason."""
    raw = make_email(sender="stranger@example.net", to="intake@localhost")
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.QUARANTINED
    assert message.reason.startswith("Unknown sender")


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "Out of office"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
        {"Return-Path": "<>"},
    ],
)
def test_automatic_replies_are_ignored(world, django_capture_on_commit_callbacks, headers):
    """Out-of-office replies are recorded as ignored, never put on the case, never answered."""
    outbox_before = OutboxMessage.objects.count()
    raw = reply_email(world, headers=headers, body="I am out of the office until Monday.")
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.IGNORED
    assert email_events(world.case) == []
    assert OutboxMessage.objects.count() == outbox_before


def test_oversize_message_is_quarantined(world, settings, django_capture_on_commit_callbacks):
    """A message over the size limit is kept but quarantined."""
    settings.WARDCASE_INBOUND_MAX_BYTES = 2000
    raw = reply_email(world, body="x" * 5000)
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.QUARANTINED
    assert "limit" in message.reason
    assert email_events(world.case) == []


def test_processing_twice_adds_one_entry(world, django_capture_on_commit_callbacks):
    """The task is safe to run twice: a processed message is left alone."""
    message, _created = deliver(reply_email(world), django_capture_on_commit_callbacks)
    assert inbound_process(message_id=message.pk) is None
    assert len(email_events(world.case)) == 1


def test_failed_processing_is_quarantined_and_retry_succeeds(
    world, django_capture_on_commit_callbacks
):
    """A reply from an officer not on the case is quarantined with why; once they are
    added to the case, Retry puts it on."""
    raw = reply_email(world, user=world.other_officer)
    message, _created = deliver(raw, django_capture_on_commit_callbacks)
    assert message.state == InboundMessage.State.QUARANTINED
    assert "cannot add" in message.reason
    services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
        additional_officers=[world.other_officer],
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound_retry(message=message, by=world.coordinator)
    message.refresh_from_db()
    assert message.state == InboundMessage.State.PROCESSED
    assert message.attempts == 2
    assert len(email_events(world.case)) == 1


def test_ingest_mail_twice_stores_once(world, tmp_path, django_capture_on_commit_callbacks):
    """The same file given twice is stored and processed once."""
    path = tmp_path / "reply.eml"
    path.write_bytes(reply_email(world))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest_mail", str(path), str(path))
    assert InboundMessage.objects.count() == 1
    assert len(email_events(world.case)) == 1


def test_outlook_msg_file_is_converted_and_processed(
    world, tmp_path, django_capture_on_commit_callbacks
):
    """ingest_mail reads an Outlook .msg: its reply reaches the case with its attachment."""
    from tests.mail.msgfile import outlook_msg
    from wardcase.mail.addresses import case_reply_address

    to = case_reply_address(case=world.case, user=world.councillor)
    headers = (
        f"From: Cllr One <{world.councillor.email}>\r\nTo: {to}\r\nSubject: Photo\r\n"
        "Message-ID: <msg-reply@council.example>\r\nMIME-Version: 1.0\r\n\r\n"
    )
    path = tmp_path / "reply.msg"
    path.write_bytes(
        outlook_msg(
            sender=world.councillor.email,
            sender_name="Cllr One",
            to=to,
            subject="Photo",
            body="Photo attached.",
            headers=headers,
            attachments=[("photo.png", PNG)],
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest_mail", str(path))
    message = InboundMessage.objects.get()
    assert message.original_format == "msg" and bytes(message.original) == path.read_bytes()
    [event] = email_events(world.case)
    assert event.body == "Photo attached."
    assert [a.original_name for a in event.attachments.all()] == ["photo.png"]


def test_corrupt_outlook_file_is_kept_and_quarantined(world, django_capture_on_commit_callbacks):
    """A file that starts like a .msg but is broken is stored as given and quarantined."""
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    message, created = deliver(raw, django_capture_on_commit_callbacks)
    assert created and message.state == InboundMessage.State.QUARANTINED
    assert bytes(message.original) == raw and "Malformed" in message.reason
