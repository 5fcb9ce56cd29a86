"""Mail polling joins the periodic sweeps only when a mailbox is configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_COMMANDS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.WARDCASE_PERIODIC_COMMANDS)"
)


def periodic_commands(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WARDCASE_IMAP", "WARDCASE_MAIL_INTAKE"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.local")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_COMMANDS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_fetch_mail_is_scheduled_only_with_an_imap_host():
    """Without WARDCASE_IMAP_HOST nothing polls; with it, fetch_mail runs every minute."""
    assert "fetch_mail" not in periodic_commands()
    assert "('fetch_mail', 60)" in periodic_commands(WARDCASE_IMAP_HOST="imap.example.org")


def test_fetch_mail_is_scheduled_for_a_microsoft_365_mailbox():
    """With WARDCASE_MAIL_INTAKE=graph (no IMAP host), fetch_mail runs every minute."""
    assert "('fetch_mail', 60)" in periodic_commands(WARDCASE_MAIL_INTAKE="graph")


def test_stranded_messages_are_processed_by_the_sweep(world, django_capture_on_commit_callbacks):
    """A message stored but never processed (its worker died) is processed by process_mail."""
    from django.core.management import call_command

    from tests.mail.helpers import reply_email
    from wardcase.mail.inbound.store import inbound_store
    from wardcase.mail.models_inbound import InboundMessage

    message, _created = inbound_store(
        raw=reply_email(world), source=InboundMessage.Source.FILE, enqueue=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_mail", older_than=0)
    message.refresh_from_db()
    assert message.state == InboundMessage.State.PROCESSED
    assert "process_mail" in periodic_commands()
