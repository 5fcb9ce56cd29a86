"""Signing out after a council-account sign-in ends the provider's session too (the browser
follows the end-session redirect to the real provider process)."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.accounts.oidc_helpers import oidc_on as oidc_on  # an autouse fixture
from tests.accounts.oidc_helpers import provider as provider  # the fixture
from tests.accounts.oidc_helpers import sign_in, signed_in_user_id

# --- Signing out ----------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_signing_out_ends_the_providers_session_too(client, provider, db):
    factories.CouncillorFactory(oidc_subject="oid-out")
    provider.sign_in_as(sub="s", oid="oid-out")
    sign_in(client, provider)
    id_token = client.session["oidc_id_token"]

    response = client.post("/accounts/sign-out/")

    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.issuer}/logout"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/sign-in/"]
    assert signed_in_user_id(client) is None

    # The browser goes there; the provider ends its session and sends it back.
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as back:
        opener.open(response["Location"], timeout=10)
    assert back.value.headers["Location"] == "http://testserver/accounts/sign-in/"
    assert provider.log()["end_session_requests"][-1]["id_token_hint"] == id_token


def test_signing_out_after_a_password_sign_in_stays_in_wardcase(client, db):
    user = factories.CouncillorFactory()
    client.force_login(user)
    response = client.post("/accounts/sign-out/")
    assert response["Location"] == "/accounts/sign-in/"
