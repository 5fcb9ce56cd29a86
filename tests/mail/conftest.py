import pytest

from tests.mail.smtp import SMTPServer


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
