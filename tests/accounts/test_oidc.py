"""Signing in with the council's account, against a real OpenID Connect provider.

The provider (tests/oidc_provider/server.py) runs as its own process on 127.0.0.1: it signs
real RS256 ID tokens, checks the client secret and the PKCE verifier, and publishes its
keys and an end-session endpoint. Nothing here is mocked; the test plays the browser.
"""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY

from tests import factories
from tests.oidc_provider.process import CLIENT_ID, CLIENT_SECRET, oidc_provider_process
from tests.processes import free_port
from wardcase.accounts.invitations import invitation_send
from wardcase.accounts.models import User
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


# --- Signing in and landing on the role's home page -----------------------------------


def test_a_councillor_signs_in_and_lands_on_their_home_page(client, provider, db):
    councillor = factories.CouncillorFactory(email="ann.jones@council.example")
    provider.sign_in_as(sub="s-1", oid="oid-ann", email="Ann.Jones@council.example", name="Ann")

    response = sign_in(client, provider)

    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) == str(councillor.pk)
    home = client.get("/")  # the provider's second factor counts: no Wardcase code asked
    assert home.status_code == 200
    assert AuditEntry.objects.filter(action="oidc.signed_in", actor=councillor).count() == 1


def test_an_administrator_lands_on_the_council_settings(client, provider, db):
    admin = factories.AdministratorFactory(email="it@council.example", oidc_subject="oid-it")
    provider.sign_in_as(sub="s-2", oid="oid-it", name="IT")

    response = sign_in(client, provider)

    assert signed_in_user_id(client) == str(admin.pk)
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == "/council/"
    assert landing.status_code == 200


def test_the_page_asked_for_comes_after_sign_in(client, provider, db):
    factories.CouncillorFactory(oidc_subject="oid-next")
    provider.sign_in_as(sub="s", oid="oid-next")
    response = sign_in(client, provider, next_url="/search/")
    assert response["Location"] == "/search/"


def test_the_sign_in_page_shows_the_council_account_button(client, settings, db):
    page = client.get("/accounts/sign-in/").content.decode()
    assert "Sign in with your council account" in page
    assert 'href="/oidc/authenticate/"' in page
    assert 'name="password"' in page  # passwords still work unless WARDCASE_OIDC_ONLY

    settings.WARDCASE_OIDC_ISSUER = ""
    page = client.get("/accounts/sign-in/").content.decode()
    assert "Sign in with your council account" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404


# --- Refusals: nobody is created ------------------------------------------------------


def test_an_unknown_account_is_refused_with_a_clear_page(client, provider, db):
    factories.CouncillorFactory(email="someone.else@council.example")
    provider.sign_in_as(sub="s-3", oid="oid-stranger", email="stranger@council.example")

    response = sign_in(client, provider)

    assert response.status_code == 403
    assert NOT_SET_UP in response.content.decode()
    assert "ask your administrator" in response.content.decode().lower()
    assert signed_in_user_id(client) is None
    assert not User.objects.filter(email="stranger@council.example").exists()
    assert refusals("unknown").get().detail["subject"] == "oid-stranger"


def test_a_switched_off_user_is_refused(client, provider, db):
    gone = factories.CouncillorFactory(oidc_subject="oid-gone", is_active=False)
    provider.sign_in_as(sub="s-4", oid="oid-gone")

    response = sign_in(client, provider)

    assert response.status_code == 403
    assert "switched off" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert refusals("switched_off").get().object_id == str(gone.pk)


def test_a_switched_off_user_is_not_linked_by_email(client, provider, db):
    gone = factories.CouncillorFactory(email="gone@council.example", is_active=False)
    provider.sign_in_as(sub="s-5", oid="oid-gone-2", email="gone@council.example")

    assert sign_in(client, provider).status_code == 403
    gone.refresh_from_db()
    assert gone.oidc_subject is None


def test_the_display_name_never_identifies_anyone(client, provider, db):
    factories.CouncillorFactory(name="Ann Jones", email="ann@council.example")
    provider.sign_in_as(sub="s-6", oid="oid-6", name="Ann Jones", email="other@elsewhere.example")
    assert sign_in(client, provider).status_code == 403
    assert signed_in_user_id(client) is None


# --- Linking: by email once, by the object id for good --------------------------------


def test_the_first_sign_in_links_by_email_then_the_object_id_is_used(client, provider, db):
    user = factories.CaseworkerFactory(email="bob@council.example")
    provider.sign_in_as(sub="s-7", oid="oid-bob", preferred_username="bob@council.example")

    assert sign_in(client, provider).status_code == 302
    user.refresh_from_db()
    assert user.oidc_subject == "oid-bob"
    assert AuditEntry.objects.filter(action="oidc.linked", actor=user).count() == 1

    # Renamed in the directory: the address no longer matches, the object id still does.
    client.post("/accounts/sign-out/")
    provider.sign_in_as(sub="s-7", oid="oid-bob", preferred_username="robert@council.example")
    assert sign_in(client, provider).status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    assert AuditEntry.objects.filter(action="oidc.linked").count() == 1


def test_without_an_object_id_the_subject_is_used(client, provider, db):
    user = factories.OfficerFactory(email="carol@council.example")
    provider.sign_in_as(sub="google-subject-1", email="carol@council.example")
    assert sign_in(client, provider).status_code == 302
    user.refresh_from_db()
    assert user.oidc_subject == "google-subject-1"


def test_an_email_two_users_share_links_neither(client, provider, db):
    first = factories.CouncillorFactory(email="shared@council.example")
    second = factories.CaseworkerFactory(email="shared@council.example")
    provider.sign_in_as(sub="s-8", oid="oid-shared", email="shared@council.example")

    response = sign_in(client, provider)

    assert response.status_code == 403 and NOT_SET_UP in response.content.decode()
    assert not User.objects.filter(
        pk__in=[first.pk, second.pk], oidc_subject__isnull=False
    ).exists()
    assert refusals("ambiguous_email").count() == 1


def test_a_user_already_linked_is_not_linked_again_by_email(client, provider, db):
    linked = factories.CouncillorFactory(email="dee@council.example", oidc_subject="oid-dee")
    provider.sign_in_as(sub="s-9", oid="oid-impostor", email="dee@council.example")

    assert sign_in(client, provider).status_code == 403
    linked.refresh_from_db()
    assert linked.oidc_subject == "oid-dee"
    assert refusals("linked_to_another_account").count() == 1


def test_an_unverified_email_is_not_used_to_link(client, provider, db):
    user = factories.CouncillorFactory(email="eve@council.example")
    provider.sign_in_as(sub="s-10", email="eve@council.example", email_verified=False)
    assert sign_in(client, provider).status_code == 403
    user.refresh_from_db()
    assert user.oidc_subject is None


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


# --- The second factor ----------------------------------------------------------------


def test_wardcase_asks_its_own_second_factor_when_configured(client, provider, settings, db):
    settings.WARDCASE_OIDC_REQUIRE_LOCAL_2FA = True
    factories.CouncillorFactory(oidc_subject="oid-2fa")
    provider.sign_in_as(sub="s", oid="oid-2fa")

    response = sign_in(client, provider)

    assert response["Location"].startswith("/accounts/two-factor/?next=")
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")


# --- Council account only -------------------------------------------------------------


def test_oidc_only_hides_the_password_form_and_refuses_a_password(client, settings, db):
    settings.WARDCASE_OIDC_ONLY = True
    user = factories.CouncillorFactory(username="ann")

    page = client.get("/accounts/sign-in/").content.decode()
    assert 'name="password"' not in page and "Forgotten your password" not in page
    assert "Sign in with your council account" in page

    response = client.post(
        "/accounts/sign-in/", {"username": "ann", "password": "correct horse battery"}
    )
    assert response.status_code == 403
    assert signed_in_user_id(client) is None
    assert client.get("/accounts/password-reset/").status_code == 404
    assert client.post("/accounts/password-reset/", {"email": user.email}).status_code == 404


def test_oidc_only_closes_the_admins_password_form_too(client, settings, db):
    superuser = factories.AdministratorFactory(username="root", is_superuser=True)
    credentials = {"username": "root", "password": "correct horse battery"}
    assert client.get("/admin/login/").status_code == 200

    settings.WARDCASE_OIDC_ONLY = True
    response = client.post("/admin/login/?next=/admin/", credentials)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert signed_in_user_id(client) is None
    assert superuser.is_superuser


def test_oidc_only_turns_the_invitation_password_step_off(client, settings, db):
    settings.WARDCASE_OIDC_ONLY = True
    newcomer = factories.OfficerFactory(email="new@council.example")
    sent = invitation_send(user=newcomer, by=factories.AdministratorFactory(), email=False)
    path = urlsplit(sent.link).path

    page = client.get(path)
    assert page.status_code == 200
    assert 'name="new_password1"' not in page.content.decode()
    assert "Sign in with your council account" in page.content.decode()
    chosen = "a long pass 42"
    refused = client.post(path, {"new_password1": chosen, "new_password2": chosen})
    assert refused.status_code == 403
    newcomer.refresh_from_db()
    assert not newcomer.check_password(chosen)


def test_oidc_only_is_ignored_while_oidc_is_off(client, settings, db):
    settings.WARDCASE_OIDC_ONLY = True
    settings.WARDCASE_OIDC_ISSUER = ""
    assert 'name="password"' in client.get("/accounts/sign-in/").content.decode()


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


def test_refused_council_accounts_do_not_lock_out_the_office(client, provider, settings, db):
    """Refusals come from signed tokens, not guessed passwords: they must not trip the
    password lockout for everyone behind the council's address."""
    user = factories.CouncillorFactory(oidc_subject="oid-after-refusals")
    provider.sign_in_as(sub="s", oid="oid-nobody")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, provider).status_code == 403
    provider.sign_in_as(sub="s", oid="oid-after-refusals")
    assert sign_in(client, provider).status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
