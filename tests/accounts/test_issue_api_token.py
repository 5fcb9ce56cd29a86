"""Issuing API tokens from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from wardcase.audit.models import AuditEntry


def issue(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


@pytest.fixture
def councillor(db):
    return factories.CouncillorFactory(username="cllr.token")


def test_prints_a_token_that_authenticates_the_user(councillor):
    """The printed token is the user's, and signs API requests in as them."""
    key, message = issue("cllr.token")
    assert Token.objects.get(key=key).user == councillor
    assert "cllr.token" in message
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == "cllr.token"


def test_only_the_token_goes_to_standard_output(councillor):
    """A script can capture the token: standard output holds nothing else."""
    key, _message = issue("cllr.token")
    assert len(key) == 40 and key.isalnum()


def test_asking_again_prints_the_same_token(councillor):
    """Without --rotate the existing token is printed, not replaced."""
    first, _ = issue("cllr.token")
    second, message = issue("cllr.token")
    assert first == second
    assert "existing token" in message
    assert Token.objects.filter(user=councillor).count() == 1


def test_rotate_replaces_the_token(councillor):
    """--rotate issues a new token and the old one stops working."""
    old, _ = issue("cllr.token")
    new, _ = issue("cllr.token", "--rotate")
    assert new != old
    assert not Token.objects.filter(key=old).exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/me/").status_code == 401


def test_issuing_and_rotating_are_audited(councillor):
    """Each issue and rotation leaves an audit entry naming the user."""
    issue("cllr.token")
    issue("cllr.token", "--rotate")
    actions = list(
        AuditEntry.objects.filter(object_id=str(councillor.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["api_token.issued", "api_token.rotated"]


def test_unknown_user_is_an_error(db):
    """An unknown username fails with a clear message and creates no token."""
    with pytest.raises(CommandError, match='No user "nobody"'):
        issue("nobody")
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(councillor):
    """An inactive user cannot be given a token."""
    councillor.is_active = False
    councillor.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="not active"):
        issue("cllr.token")
    assert not Token.objects.exists()
