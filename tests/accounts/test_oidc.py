"""Signing in with the council's account, against a real OpenID Connect provider.

The provider (tests/oidc_provider/server.py) runs as its own process on 127.0.0.1: it signs
real RS256 ID tokens, checks the client secret and the PKCE verifier, and publishes its
keys and an end-session endpoint. Nothing here is mocked; the test plays the browser.
"""

from tests import factories
from tests.accounts.oidc_helpers import NOT_SET_UP, refusals, sign_in, signed_in_user_id
from tests.accounts.oidc_helpers import oidc_on as oidc_on  # an autouse fixture
from tests.accounts.oidc_helpers import provider as provider  # the fixture
from wardcase.accounts.models import User
from wardcase.audit.models import AuditEntry

# The flow's own checks (state, nonce, PKCE): test_oidc_flow.py; council account only and
# signing out: test_oidc_only.py, test_oidc_sign_out.py.


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


# --- The second factor ----------------------------------------------------------------


def test_wardcase_asks_its_own_second_factor_when_configured(client, provider, settings, db):
    settings.WARDCASE_OIDC_REQUIRE_LOCAL_2FA = True
    factories.CouncillorFactory(oidc_subject="oid-2fa")
    provider.sign_in_as(sub="s", oid="oid-2fa")

    response = sign_in(client, provider)

    assert response["Location"].startswith("/accounts/two-factor/?next=")
    assert client.get("/")["Location"].startswith("/accounts/two-factor/")
