"""Sending through Microsoft Graph's sendMail, behind the outbox, against a real HTTPS
Entra ID and Graph on 127.0.0.1 (tests/graph_server)."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.graph_server.server import GraphServer
from wardcase.mail.m365 import CREDENTIALS_RETRY_SECONDS
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import notify_user, outbox_send_all

GRAPH_BACKEND = "wardcase.mail.backends.graph.GraphEmailBackend"


@pytest.fixture
def graph_sending(graph_server, settings, queue_only):
    settings.EMAIL_BACKEND = GRAPH_BACKEND
    settings.DEFAULT_FROM_EMAIL = "casework@council.example"
    return graph_server


def sent(server):
    return [message_from_bytes(raw, policy=policy.default) for raw in server.state.sent]


def queue(world, count=1, case=None):
    return [
        notify_user(
            user=world.officer, subject=f"Update {n}", body="Text.", case=case or world.case
        )
        for n in range(count)
    ]


def test_outbox_sends_through_graph_keeping_threading_headers(world, graph_sending):
    """Follow-ups go as MIME through sendMail with the outbox's Message-ID, In-Reply-To and
    References, so Outlook threads them; each row is marked sent."""
    first, second = queue(world, 2)
    assert outbox_send_all() == 2
    received = sent(graph_sending)
    assert [m["Message-ID"] for m in received] == [first.message_id, second.message_id]
    assert received[1]["In-Reply-To"] == first.message_id
    assert received[1]["References"].split() == [first.message_id]
    assert received[0]["To"] == world.officer.email
    assert received[0]["Subject"] == f"[{world.case.reference}] Update 0"
    assert received[0]["Reply-To"]  # the case's signed reply address
    assert received[0].get_content_type() == "text/plain"
    assert received[0].get_content().startswith("Text.")
    states = set(OutboxMessage.objects.values_list("state", flat=True))
    assert states == {OutboxMessage.State.SENT}
    assert ("POST", "/v1.0/users/casework@council.example/sendMail") in (
        graph_sending.state.graph_requests
    )


def test_the_token_is_reused_until_it_expires_then_refreshed(world, graph_sending):
    """One token serves every send until its lifetime passes; then msal gets a new one."""
    queue(world, 3)
    outbox_send_all()
    assert graph_sending.state.token_requests == 1
    queue(world)
    outbox_send_all()
    assert graph_sending.state.token_requests == 1
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        queue(world)
        assert outbox_send_all() == 1
    assert graph_sending.state.token_requests == 2
    assert len(graph_sending.state.sent) == 5


def test_a_token_graph_refuses_early_is_replaced_once(world, graph_sending):
    """A token Graph no longer accepts (401 before its expiry) is replaced and the send
    goes, once."""
    queue(world)
    outbox_send_all()
    graph_sending.state.expire_tokens()
    message = queue(world)[0]
    assert outbox_send_all() == 1
    assert graph_sending.state.token_requests == 2
    assert len(graph_sending.state.sent) == 2
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT


def test_throttling_keeps_messages_queued_until_retry_after_then_sends_each_once(
    world, graph_sending
):
    """A 429 pauses the batch: nothing sent, the attempt given back, Retry-After recorded;
    once it has passed, every message goes exactly once."""
    messages = queue(world, 3)
    graph_sending.state.throttle(1, retry_after=120)
    before = timezone.now()
    assert outbox_send_all() == 0
    assert graph_sending.state.sent == []
    # Only the first call was made: the rest of the batch was not thrown at a throttled API.
    assert len(graph_sending.state.graph_requests) == 1
    for message in messages:
        message.refresh_from_db()
        assert message.state == OutboxMessage.State.PENDING
        assert message.attempts == 0
        assert "429" in message.last_error and "ApplicationThrottled" in message.last_error
        wait = message.next_attempt_at - before
        assert timedelta(seconds=119) <= wait <= timedelta(seconds=125)
    assert outbox_send_all() == 0  # still inside the Retry-After: nothing is tried
    assert len(graph_sending.state.graph_requests) == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        assert outbox_send_all() == 3
        assert outbox_send_all() == 0
    ids = [m["Message-ID"] for m in sent(graph_sending)]
    assert sorted(ids) == sorted(m.message_id for m in messages)


def test_a_revoked_secret_is_a_clear_operator_error_and_keeps_mail_queued(
    world, graph_sending, caplog
):
    """A revoked secret names the setting and Entra's code, in one line without a
    traceback; the message stays queued, its attempts untouched, and goes once the secret
    is put right."""
    graph_sending.state.revoke_secret()
    message = queue(world)[0]
    with caplog.at_level("WARNING"):
        assert outbox_send_all() == 0
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING
    assert message.attempts == 0
    assert "AADSTS7000215" in message.last_error
    assert "WARDCASE_M365_CLIENT_SECRET" in message.last_error
    assert "Trace ID" not in message.last_error
    record = next(r for r in caplog.records if "AADSTS7000215" in r.getMessage())
    assert record.exc_info is None
    assert graph_sending.state.sent == []
    graph_sending.state.restore_secret()
    later = timezone.now() + timedelta(seconds=CREDENTIALS_RETRY_SECONDS + 1)
    with time_machine.travel(later):
        assert outbox_send_all() == 1
    assert len(graph_sending.state.sent) == 1


def test_send_outbox_command_sends_through_graph(world, graph_sending):
    """The periodic sender (send_outbox) uses the backend like any other."""
    queue(world, 2)
    call_command("send_outbox")
    assert len(graph_sending.state.sent) == 2


def test_a_certificate_credential_signs_its_assertion(
    world, settings, tmp_path, queue_only, monkeypatch
):
    """With a certificate (path and thumbprint) instead of a secret, msal signs a client
    assertion the token endpoint verifies against the registered certificate."""
    from tests.graph_server.server import CLIENT_ID, MAILBOX, TENANT, self_signed

    key_path, cert_path, thumbprint = self_signed("wardcase-app", tmp_path)
    key_path.write_bytes(key_path.read_bytes() + cert_path.read_bytes())
    with GraphServer(client_certificate=cert_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_path))
        settings.EMAIL_BACKEND = GRAPH_BACKEND
        settings.WARDCASE_M365_TENANT_ID = TENANT
        settings.WARDCASE_M365_CLIENT_ID = CLIENT_ID
        settings.WARDCASE_M365_MAILBOX = MAILBOX
        settings.WARDCASE_M365_CLIENT_SECRET = ""
        settings.WARDCASE_M365_CERTIFICATE_PATH = str(key_path)
        settings.WARDCASE_M365_CERTIFICATE_THUMBPRINT = thumbprint
        settings.WARDCASE_M365_AUTHORITY_HOST = server.origin
        settings.WARDCASE_M365_GRAPH_URL = server.graph_url
        queue(world)
        assert outbox_send_all() == 1
        assert len(server.state.sent) == 1
