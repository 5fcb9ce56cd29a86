"""The mail provider's webhook: closed unless configured, and guarded by its secret."""

import pytest

from tests.mail.helpers import reply_email
from wardcase.cases.choices import EventKind
from wardcase.mail.models_inbound import InboundMessage

URL = "/api/v1/mail/inbound/"


@pytest.fixture
def secret(settings):
    settings.WARDCASE_INBOUND_WEBHOOK_SECRET = "s3cret-for-tests"
    return "s3cret-for-tests"


def post(client, raw, secret=None):
    headers = {"HTTP_X_WARDCASE_WEBHOOK_SECRET": secret} if secret else {}
    return client.post(URL, data=raw, content_type="message/rfc822", **headers)


def test_webhook_is_off_without_a_secret(client, world):
    """With no secret configured the endpoint does not exist."""
    assert post(client, reply_email(world), "anything").status_code == 404
    assert not InboundMessage.objects.exists()


def test_wrong_or_missing_secret_is_refused(client, world, secret):
    """A caller without the secret stores nothing."""
    assert post(client, reply_email(world), "wrong").status_code == 403
    assert post(client, reply_email(world)).status_code == 403
    assert not InboundMessage.objects.exists()


def test_signed_in_user_without_the_secret_is_refused(client, world, secret):
    """A session is not the secret: the webhook is for the mail provider only."""
    client.force_login(world.coordinator)
    assert post(client, reply_email(world)).status_code == 403


def test_message_is_stored_and_processed_once(
    client, world, secret, django_capture_on_commit_callbacks
):
    """The provider's message reaches the case; sending it again is answered as a duplicate."""
    raw = reply_email(world, body="Sent through the provider.")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, raw, secret)
    assert response.status_code == 202 and response.json()["duplicate"] is False
    again = post(client, raw, secret)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert InboundMessage.objects.get().source == InboundMessage.Source.WEBHOOK
    assert world.case.events.get(kind=EventKind.EMAIL_IN).body == "Sent through the provider."


def test_empty_body_is_a_clear_error(client, world, secret):
    """An empty request says what to send."""
    response = post(client, b"", secret)
    assert response.status_code == 400 and "raw message" in response.json()["detail"]
