"""Shared by the OpenID Connect tests (tests/accounts/test_oidc*.py): the provider, run as its
own process on 127.0.0.1 (tests/oidc_provider/server.py), Wardcase pointed at it, and the
browser's steps through a sign-in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY

from tests.oidc_provider.process import CLIENT_ID, CLIENT_SECRET, oidc_provider_process
from wardcase.audit.models import AuditEntry

NOT_SET_UP = "Your council account is not set up in Wardcase"


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_process() as running:
        yield running


@pytest.fixture(autouse=True)
def oidc_on(settings, provider):
    settings.WARDCASE_OIDC_ISSUER = provider.issuer
    settings.WARDCASE_OIDC_CLIENT_ID = CLIENT_ID
    settings.WARDCASE_OIDC_CLIENT_SECRET = CLIENT_SECRET
    return settings


def start(client, next_url=None):
    """The "Sign in with your council account" button: returns the provider's URL."""
    response = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def callback_of(client, provider, authorize_url):
    """The provider's "Sign in" button, then the browser following it back to Wardcase."""
    back = urlsplit(provider.approve(authorize_url))
    assert back.path == "/oidc/callback/"
    return back, {k: v[0] for k, v in parse_qs(back.query).items()}


def sign_in(client, provider, next_url=None):
    back, query = callback_of(client, provider, start(client, next_url))
    return client.get(back.path, query)


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def refusals(reason):
    return AuditEntry.objects.filter(action="oidc.refused", detail__reason=reason)
