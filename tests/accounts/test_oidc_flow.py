"""Signing in with the council's account: the flow's own checks (state, nonce, audience and
issuer, PKCE) against the real provider process, and a provider that cannot be reached."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.accounts.oidc_helpers import (
    callback_of,
    refusals,
    sign_in,
    signed_in_user_id,
    start,
)
from tests.accounts.oidc_helpers import oidc_on as oidc_on  # an autouse fixture
from tests.accounts.oidc_helpers import provider as provider  # the fixture
from tests.processes import free_port

# --- The flow's own checks: state, nonce, PKCE ----------------------------------------


def test_a_callback_with_another_state_is_refused(client, provider, db):
    factories.CouncillorFactory(oidc_subject="oid-state")
    provider.sign_in_as(sub="s", oid="oid-state")
    back, query = callback_of(client, provider, start(client))

    response = client.get(back.path, {**query, "state": "not-the-state-we-sent"})

    assert response.status_code == 400
    assert "Sign-in did not complete" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert refusals("did_not_complete").count() == 1


def test_a_callback_without_a_started_sign_in_is_refused(client, provider, db):
    response = client.get("/oidc/callback/", {"code": "made-up", "state": "made-up"})
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_an_id_token_with_another_nonce_is_refused(client, provider, db):
    factories.CouncillorFactory(oidc_subject="oid-nonce")
    provider.sign_in_as(sub="s", oid="oid-nonce", _nonce="a-nonce-from-another-sign-in")

    response = sign_in(client, provider)

    assert response.status_code == 400
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "tampered",
    [{"_aud": "another-application"}, {"_iss": "https://login.example/another-tenant/v2.0"}],
)
def test_an_id_token_for_another_app_or_from_another_issuer_is_refused(
    client, provider, db, tampered
):
    factories.CouncillorFactory(oidc_subject="oid-aud")
    provider.sign_in_as(sub="s", oid="oid-aud", **tampered)

    response = sign_in(client, provider)

    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_a_cancelled_sign_in_at_the_provider_is_refused(client, provider, db):
    authorize = start(client)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    response = client.get("/oidc/callback/", {"error": "access_denied", "state": state})
    assert response.status_code == 400
    assert "Sign-in did not complete" in response.content.decode()


def test_pkce_is_sent_and_the_provider_verifies_it(client, provider, db):
    factories.CouncillorFactory(oidc_subject="oid-pkce")
    provider.sign_in_as(sub="s", oid="oid-pkce")
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert "nonce" in query and "state" in query

    back, callback = callback_of(client, provider, authorize)
    assert client.get(back.path, callback).status_code == 302

    last = provider.log()["token_requests"][-1]
    assert last["code_verifier_sent"] and last["pkce_verified"]


def test_a_wrong_code_verifier_is_refused_by_the_provider(client, provider, db):
    factories.CouncillorFactory(oidc_subject="oid-pkce-2")
    provider.sign_in_as(sub="s", oid="oid-pkce-2")
    back, callback = callback_of(client, provider, start(client))
    session = client.session
    states = session["oidc_states"]
    states[callback["state"]]["code_verifier"] = "x" * 64  # not the one challenged
    session["oidc_states"] = states
    session.save()

    response = client.get(back.path, callback)

    assert response.status_code == 400
    assert signed_in_user_id(client) is None
    last = provider.log()["token_requests"][-1]
    assert last["code_verifier_sent"] and not last["pkce_verified"]


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(client, settings, db):
    settings.WARDCASE_OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503
    assert "cannot sign in with your council account" in response.content.decode()
