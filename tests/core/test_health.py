"""GET /healthz/: each check fails on real state, and the page never shows personal data."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tests import factories
from wardcase.mail.models import OutboxMessage
from wardcase.mail.tasks import send_outbox_message

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def swept(db, settings):
    """The charter sweep has just run, as run_periodic runs it."""
    settings.WARDCASE_PERIODIC_COMMANDS = [("sla_sweep", 900)]
    call_command("run_periodic", once=True)


def health(client):
    response = client.get("/healthz/")
    return response.status_code, json.loads(response.content)


def test_healthy_installation_answers_200_naming_every_check(client, swept):
    status, body = health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "migrations", "task_queue", "outbox", "sweeps"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


def test_no_sweep_recorded_fails(client, db):
    status, body = health(client)
    assert status == 503
    assert body["failed"] == ["sweeps"]
    assert body["checks"]["sweeps"]["last_completed_at"] is None


def test_a_sweep_too_long_ago_fails(client, swept, settings):
    later = timezone.now() + timedelta(seconds=settings.WARDCASE_HEALTH_SWEEP_MAX_AGE_SECONDS + 60)
    with time_machine.travel(later):
        status, body = health(client)
    assert status == 503
    assert body["failed"] == ["sweeps"]


def test_an_unapplied_migration_fails(client, swept):
    [latest] = MigrationLoader(connection).graph.leaf_nodes("core")
    MigrationRecorder(connection).record_unapplied(*latest)
    status, body = health(client)
    assert status == 503
    assert body["failed"] == ["migrations"]
    assert body["checks"]["migrations"]["unapplied"] == 1


def test_an_old_ready_task_fails(client, swept, settings):
    settings.TASKS = DATABASE_QUEUE
    send_outbox_message.enqueue(123)
    status, body = health(client)
    assert status == 200
    assert body["checks"]["task_queue"]["ready"] == 1

    later = timezone.now() + timedelta(seconds=settings.WARDCASE_HEALTH_TASK_MAX_AGE_SECONDS + 60)
    with time_machine.travel(later):
        status, body = health(client)
    assert status == 503
    assert "task_queue" in body["failed"]
    assert body["checks"]["task_queue"]["oldest_age_seconds"] > 300


def _due_email(**fields):
    return OutboxMessage.objects.create(
        to="resident@example.org",
        subject="Pothole outside 12 Acacia Avenue",
        body="Dear Ms Resident, about your pothole.",
        **fields,
    )


def test_an_old_due_email_fails_and_the_page_shows_no_personal_data(client, swept, settings):
    factories.CaseFactory(subject="Pothole outside 12 Acacia Avenue")
    _due_email()
    status, body = health(client)
    assert status == 200
    assert body["checks"]["outbox"]["due"] == 1

    later = timezone.now() + timedelta(seconds=settings.WARDCASE_HEALTH_OUTBOX_MAX_AGE_SECONDS + 60)
    with time_machine.travel(later):
        response = client.get("/healthz/")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert "outbox" in body["failed"]
    text = response.content.decode()
    for personal in ("resident@example.org", "Acacia", "Ms Resident"):
        assert personal not in text


def test_too_many_due_emails_fail(client, swept, settings):
    settings.WARDCASE_HEALTH_OUTBOX_MAX_DUE = 1
    _due_email()
    assert health(client)[0] == 200
    _due_email()
    status, body = health(client)
    assert status == 503
    assert body["failed"] == ["outbox"]


def test_emails_retried_later_or_sent_are_not_due(client, swept):
    _due_email(next_attempt_at=timezone.now() + timedelta(hours=1))
    _due_email(state=OutboxMessage.State.SENT)
    status, body = health(client)
    assert status == 200
    assert body["checks"]["outbox"]["due"] == 0


def test_health_needs_no_sign_in_even_with_two_factor_required(client, swept, settings):
    settings.WARDCASE_REQUIRE_2FA = True
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert client.post("/healthz/").status_code == 405
