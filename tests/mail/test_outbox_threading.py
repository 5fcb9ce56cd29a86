"""Outbound notifications thread in mail clients and reach a real SMTP server."""

import base64
from datetime import UTC

from tests.conftest import assign
from wardcase.cases import services
from wardcase.mail.addresses import parse_reply_address
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import notify_user, outbox_send_all


def test_follow_ups_about_a_case_thread_by_message_id(
    world, smtp_server, django_capture_on_commit_callbacks
):
    """A second and third notification to one person about one case answer the earlier ones."""
    with django_capture_on_commit_callbacks(execute=True):
        assign(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_chase(case=world.case, by=world.councillor)
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(user=world.officer, subject="Third", body="Again.", case=world.case)

    received = [m for m in smtp_server.messages() if m["To"] == world.officer.email]
    assert len(received) == 3
    first, second, third = received
    ids = [m["Message-ID"] for m in received]
    assert len(set(ids)) == 3
    assert all(i.startswith("<") and i.endswith("@localhost>") for i in ids)
    assert first["In-Reply-To"] is None
    assert second["In-Reply-To"] == ids[0]
    assert second["References"].split() == [ids[0]]
    assert third["In-Reply-To"] == ids[1]
    assert third["References"].split() == [ids[0], ids[1]]
    for message in received:
        assert message["Subject"].startswith(f"[{world.case.reference}] ")
        target = parse_reply_address(message["Reply-To"])
        assert (target.case_id, target.user_id) == (world.case.pk, world.officer.pk)
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Thread-Topic"] == f"Case {world.case.reference}"
    # Outlook's Thread-Index: one 22-byte conversation id, plus 5 bytes per reply.
    indexes = [base64.b64decode(m["Thread-Index"]) for m in received]
    assert [len(i) for i in indexes] == [22, 27, 32]
    assert indexes[1][:22] == indexes[2][:22] == indexes[0]
    stored = list(OutboxMessage.objects.filter(to=world.officer.email).order_by("id"))
    assert [m.message_id for m in stored] == ids


def test_threads_are_per_recipient_and_per_case(world, queue_only):
    """A message to another person, or about another case, starts its own thread."""
    first = notify_user(user=world.officer, subject="A", body="a", case=world.case)
    other_person = notify_user(user=world.head, subject="B", body="b", case=world.case)
    other_case = notify_user(user=world.officer, subject="C", body="c", case=world.other_case)
    no_case = notify_user(user=world.officer, subject="D", body="d")
    assert first.in_reply_to == other_person.in_reply_to == other_case.in_reply_to == ""
    assert no_case.in_reply_to == "" and no_case.reply_to == ""
    assert no_case.subject == "D"


def test_references_keep_the_root_and_recent_ids(world, queue_only):
    """A long thread's References header stays bounded but keeps its root."""
    messages = [
        notify_user(user=world.officer, subject=f"n{i}", body="x", case=world.case)
        for i in range(15)
    ]
    refs = messages[-1].references.split()
    assert len(refs) == 10
    assert refs[0] == messages[0].message_id
    assert refs[-1] == messages[-2].message_id


def test_the_sender_retries_with_backoff_then_fails(world, queue_only, settings, time_machine):
    """An unreachable server is retried after 1, 2, 4 and 8 minutes, then the row is FAILED."""
    from datetime import datetime

    from tests.mail.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    message = notify_user(user=world.officer, subject="Hello", body="x", case=world.case)
    delays = []
    for _attempt in range(5):
        assert outbox_send_all() == 0
        assert outbox_send_all() == 0, "not retried before its delay"
        message.refresh_from_db()
        if message.state != OutboxMessage.State.PENDING:
            break
        delays.append((message.next_attempt_at - now).total_seconds())
        now = message.next_attempt_at
        time_machine.move_to(now, tick=False)
    assert delays == [60, 120, 240, 480]
    assert message.state == OutboxMessage.State.FAILED
    assert message.attempts == 5
    assert message.last_error
    assert message.claim_token == ""


def test_a_notification_about_a_case_links_to_it(world, settings):
    """It ends with the case's address under the site URL; one not about a case does not,
    and the sweeps' bulk notices do the same."""
    from wardcase.mail.services import Notice, notify_many

    settings.WARDCASE_SITE_URL = "https://wardcase.council.example/"
    about_case = notify_user(
        user=world.officer, subject="Chased", body="Any news?", case=world.case
    )
    assert about_case.body == (
        f"Any news?\n\nOpen the case: https://wardcase.council.example/cases/{world.case.reference}/"
    )
    general = notify_user(user=world.officer, subject="Digest", body="Hello.")
    assert general.body == "Hello."
    [bulk] = notify_many(
        notices=[Notice(user=world.officer, subject="Due", body="Due.", case=world.case)]
    )
    assert bulk.body.endswith(f"https://wardcase.council.example/cases/{world.case.reference}/")
