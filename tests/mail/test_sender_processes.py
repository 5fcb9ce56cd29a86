"""`manage.py send_outbox` as real processes against a real SMTP server on 127.0.0.1.

The processes share the test database (committed rows, hence `transactional_db`), so
this runs the same on SQLite and PostgreSQL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.mail.smtp import SMTPServer
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import notify_user

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("transactional_db", "queue_only")


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}{host}/{db['NAME']}"


def _sender(server, *args, claim_seconds=600):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _database_url(),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
        "WARDCASE_OUTBOX_CLAIM_SECONDS": str(claim_seconds),
        "WARDCASE_VAR_DIR": str(settings.VAR_DIR),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "send_outbox", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _queue(world, count):
    return [
        notify_user(user=world.officer, subject=f"Notice {i}", body="x", case=world.case).message_id
        for i in range(count)
    ]


def _wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_sender_killed_mid_batch_loses_nothing(world):
    """SIGKILL mid-batch, run again: every message arrives; only the one in flight twice."""
    expected = _queue(world, 24)
    with SMTPServer(delay=0.25) as server:
        first = _sender(server, "--batch-size", "10", claim_seconds=2)
        _wait_for(lambda: len(server.handler.received) >= 5)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        arrived_at_kill = len(server.handler.received)
        sent_at_kill = OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count()
        in_flight = arrived_at_kill - sent_at_kill
        assert 0 < arrived_at_kill < len(expected)
        assert in_flight <= 1

        time.sleep(2.1)  # the dead sender's claims expire
        second = _sender(server)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err.decode()
        received = [m["Message-ID"] for m in server.messages()]

    assert set(received) == set(expected), "none lost"
    duplicates = len(received) - len(set(received))
    assert duplicates <= in_flight
    assert not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists()
    print(
        f"\n{len(expected)} queued, killed after {arrived_at_kill} arrived "
        f"({in_flight} in flight), {duplicates} duplicate(s), 0 lost"
    )


def test_two_senders_at_once_never_send_a_message_twice(world):
    """Two send_outbox processes racing over one outbox deliver each message exactly once."""
    expected = _queue(world, 40)
    with SMTPServer(delay=0.02) as server:
        senders = [_sender(server, "--batch-size", "5") for _ in range(2)]
        for sender in senders:
            _out, err = sender.communicate(timeout=120)
            assert sender.returncode == 0, err.decode()
        received = [m["Message-ID"] for m in server.messages()]
    assert sorted(received) == sorted(expected)


def test_a_sender_told_to_stop_mid_send_records_that_send_first(world):
    """SIGTERM (systemd stopping the service, Ctrl-C) while the server is accepting a
    message: the sender records that message as sent before it stops, so the next sender
    does not send it again. Only SIGKILL leaves the short gap between the server's answer
    and the record."""
    expected = _queue(world, 6)
    with SMTPServer(delay=1.0) as server:
        first = _sender(server, "--batch-size", "6", claim_seconds=2)
        _wait_for(lambda: len(server.handler.received) >= 2)  # the second is being accepted
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
        arrived_at_stop = len(server.handler.received)
        sent_at_stop = OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count()

        time.sleep(2.1)  # any claims left behind expire
        second = _sender(server)
        _out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err.decode()
        received = [m["Message-ID"] for m in server.messages()]

    assert first.returncode == -signal.SIGTERM  # it stopped, it did not finish the batch
    assert arrived_at_stop < len(expected)
    assert sent_at_stop == arrived_at_stop, "every message the server took is recorded sent"
    assert sorted(received) == sorted(expected), "none lost, none twice"
