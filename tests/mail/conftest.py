"""Real mail servers for the mail tests: SMTP in the test process, and the IMAP server
scripts/mail-test.sh runs (make test always starts it)."""

import os
import uuid

import pytest

from tests.mail.smtp import SMTPServer
from wardcase.mail.inbound.imap import ImapAccount

IMAP_ENV = ("WARDCASE_TEST_IMAP_HOST", "WARDCASE_TEST_IMAP_PORT", "WARDCASE_TEST_IMAP_USER")


@pytest.fixture
def imap_account(settings):
    """A fresh folder on the test IMAP server, with the settings pointing at it."""
    if not all(os.environ.get(name) for name in IMAP_ENV):
        pytest.skip(
            "no test IMAP server: run under scripts/test.sh (make test), or "
            "eval $(bash scripts/mail-test.sh start)"
        )
    from imapclient import IMAPClient

    account = ImapAccount(
        host=os.environ["WARDCASE_TEST_IMAP_HOST"],
        port=int(os.environ["WARDCASE_TEST_IMAP_PORT"]),
        user=os.environ["WARDCASE_TEST_IMAP_USER"],
        password=os.environ.get("WARDCASE_TEST_IMAP_PASSWORD", ""),
        mailbox=f"test-{uuid.uuid4().hex[:12]}",
        ssl=False,
    )
    settings.WARDCASE_IMAP_HOST = account.host
    settings.WARDCASE_IMAP_PORT = account.port
    settings.WARDCASE_IMAP_USER = account.user
    settings.WARDCASE_IMAP_PASSWORD = account.password
    settings.WARDCASE_IMAP_MAILBOX = account.mailbox
    settings.WARDCASE_IMAP_SSL = False
    with IMAPClient(account.host, port=account.port, ssl=False) as client:
        client.login(account.user, account.password)
        client.create_folder(account.mailbox)
    yield account
    with IMAPClient(account.host, port=account.port, ssl=False) as client:
        client.login(account.user, account.password)
        client.delete_folder(account.mailbox)


def imap_append(account, messages):
    """Put messages into the account's folder as a mail server delivering them would."""
    from imapclient import IMAPClient

    with IMAPClient(account.host, port=account.port, ssl=False) as client:
        client.login(account.user, account.password)
        for raw in messages:
            client.append(account.mailbox, raw)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def queue_only(settings):
    """Tasks are stored, not run: messages wait in the outbox for a sender."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def graph_server(settings, monkeypatch, tmp_path):
    """A real HTTPS Entra ID and Graph on 127.0.0.1, with the M365 settings pointing at it
    and requests (msal's too) trusting its throwaway certificate."""
    from tests.graph_server.server import CLIENT_ID, MAILBOX, SECRET, TENANT, GraphServer

    with GraphServer() as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.ca_path))
        settings.WARDCASE_M365_TENANT_ID = TENANT
        settings.WARDCASE_M365_CLIENT_ID = CLIENT_ID
        settings.WARDCASE_M365_MAILBOX = MAILBOX
        settings.WARDCASE_M365_CLIENT_SECRET = SECRET
        settings.WARDCASE_M365_AUTHORITY_HOST = server.origin
        settings.WARDCASE_M365_GRAPH_URL = server.graph_url
        yield server
