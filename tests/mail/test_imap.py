"""The IMAP door against a real dovecot: exactly once, whatever happens to the poller."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from imapclient import IMAPClient

from tests.mail.conftest import imap_append
from tests.mail.helpers import make_email, reply_email
from wardcase.cases.choices import EventKind
from wardcase.mail.inbound.imap import imap_fetch
from wardcase.mail.models_inbound import InboundMessage

ROOT = Path(__file__).resolve().parents[2]


def assert_each_once(account, count):
    """Every message in the folder is stored exactly once, and none is left unprocessed."""
    rows = InboundMessage.objects.filter(mailbox=account.mailbox)
    assert rows.count() == count
    assert len(set(rows.values_list("uidvalidity", "uid"))) == count
    assert not rows.filter(state=InboundMessage.State.RECEIVED).exists()


def test_fetch_mail_puts_a_reply_on_its_case(
    world, imap_account, django_capture_on_commit_callbacks
):
    """A reply delivered to the mailbox reaches the case; the message is then marked seen."""
    imap_append(imap_account, [reply_email(world, body="Filled in this morning.")])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    event = world.case.events.get(kind=EventKind.EMAIL_IN)
    assert event.body == "Filled in this morning."
    with IMAPClient(imap_account.host, port=imap_account.port, ssl=False) as client:
        client.login(imap_account.user, imap_account.password)
        client.select_folder(imap_account.mailbox, readonly=True)
        assert client.search(["UNSEEN"]) == []


def test_fetching_again_duplicates_nothing(world, imap_account, django_capture_on_commit_callbacks):
    """Re-running fetch_mail, even after the seen flags are cleared, stores nothing twice."""
    imap_append(imap_account, [make_email(subject=f"Message {n}") for n in range(5)])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    with IMAPClient(imap_account.host, port=imap_account.port, ssl=False) as client:
        client.login(imap_account.user, imap_account.password)
        client.select_folder(imap_account.mailbox)
        client.remove_flags(client.search(["ALL"]), [b"\\Seen"])
    imap_append(imap_account, [make_email(subject="Message 5")])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
        # Even ignoring the recorded highest UID, the keys refuse every duplicate.
        from wardcase.mail.models_inbound import MailboxState

        MailboxState.objects.update(last_uid=0)
        imap_fetch(account=imap_account)
    assert_each_once(imap_account, 6)


def _subprocess_env(account):
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "WARDCASE_IMAP_HOST": account.host,
        "WARDCASE_IMAP_PORT": str(account.port),
        "WARDCASE_IMAP_USER": account.user,
        "WARDCASE_IMAP_PASSWORD": account.password,
        "WARDCASE_IMAP_MAILBOX": account.mailbox,
        "WARDCASE_IMAP_SSL": "false",
    }


def _fetch_process(account):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "fetch_mail", "--requeue-after", "0"],
        cwd=ROOT,
        env=_subprocess_env(account),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_two_fetches_at_once_store_each_message_once(world, imap_account):
    """Two fetch_mail processes started together store every message exactly once."""
    imap_append(imap_account, [make_email(subject=f"Message {n}") for n in range(20)])
    first, second = _fetch_process(imap_account), _fetch_process(imap_account)
    for process in (first, second):
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    assert_each_once(imap_account, 20)


@pytest.mark.django_db(transaction=True)
def test_two_pollers_without_the_lock_still_store_once(world, imap_account):
    """The keys alone keep exactly once: two unlocked pollers in threads race harmlessly."""
    import threading

    imap_append(imap_account, [make_email(subject=f"Message {n}") for n in range(10)])
    errors = []

    def poll():
        try:
            imap_fetch(account=imap_account, use_lock=False)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert InboundMessage.objects.filter(mailbox=imap_account.mailbox).count() == 10


@pytest.mark.django_db(transaction=True)
def test_a_poller_killed_mid_fetch_loses_and_duplicates_nothing(world, imap_account):
    """SIGKILL part-way through a fetch; the next run stores exactly the rest."""
    total = 40
    filler = "Lorem ipsum dolor sit amet. " * 4000  # ~110 kB each, so the fetch takes a while
    imap_append(
        imap_account, [make_email(subject=f"Message {n}", body=filler) for n in range(total)]
    )
    process = _fetch_process(imap_account)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        stored = InboundMessage.objects.filter(mailbox=imap_account.mailbox).count()
        if stored >= 3:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    at_kill = InboundMessage.objects.filter(mailbox=imap_account.mailbox).count()
    assert 0 < at_kill < total, f"the poller was not killed mid-fetch ({at_kill} stored)"
    rerun = _fetch_process(imap_account)
    _out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert_each_once(imap_account, total)


def test_a_renumbered_mailbox_does_not_duplicate(
    world, imap_account, django_capture_on_commit_callbacks
):
    """When the server renumbers a mailbox (new UIDVALIDITY), messages already kept are skipped."""
    messages = [make_email(subject=f"Message {n}") for n in range(3)]
    imap_append(imap_account, messages)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    with IMAPClient(imap_account.host, port=imap_account.port, ssl=False) as client:
        client.login(imap_account.user, imap_account.password)
        client.delete_folder(imap_account.mailbox)
        client.create_folder(imap_account.mailbox)
    imap_append(imap_account, [*messages, make_email(subject="New one")])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    rows = InboundMessage.objects.filter(mailbox=imap_account.mailbox)
    assert rows.count() == 4
    assert len(set(rows.values_list("uidvalidity", flat=True))) == 2
