"""Signing in with the council's account in a real browser, against the real test provider
(tests/oidc_provider) on 127.0.0.1; axe on every Wardcase page on the way."""

import copy

import pytest

from tests import factories
from tests.browser.conftest import check_accessibility
from tests.oidc_provider.process import CLIENT_ID, CLIENT_SECRET, oidc_provider_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_process() as running:
        yield running


@pytest.fixture
def page(browser, live_server, settings, provider):
    settings.WARDCASE_OIDC_ISSUER = provider.issuer
    settings.WARDCASE_OIDC_CLIENT_ID = CLIENT_ID
    settings.WARDCASE_OIDC_CLIENT_SECRET = CLIENT_SECRET
    # What config/settings/base.py adds for a configured issuer: signing out (a form) may
    # go on to the provider's end-session page.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(provider.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: (
            page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


def sign_in_at_the_provider(page, base, provider):
    page.goto(base + "/accounts/sign-in/")
    check_accessibility(page, "sign-in page with the council account button")
    page.get_by_role("button", name="Sign in with your council account").click()
    page.wait_for_url(provider.issuer + "/authorize**")
    page.get_by_role("button", name="Sign in").click()


def test_a_councillor_signs_in_with_the_council_account_and_out(page, live_server, provider):
    councillor = factories.CouncillorFactory(name="Ann Jones", email="ann@council.example")
    provider.sign_in_as(sub="s-ann", oid="oid-ann", email="ann@council.example", name="Ann")
    base = live_server.url

    sign_in_at_the_provider(page, base, provider)

    page.wait_for_url(base + "/")
    assert page.get_by_text("Signed in as Ann Jones").is_visible()
    check_accessibility(page, "councillor's home after a council-account sign-in")
    councillor.refresh_from_db()
    assert councillor.oidc_subject == "oid-ann"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(base + "/accounts/sign-in/")  # by way of the provider's sign-out
    assert provider.log()["end_session_requests"], "the provider's session was not ended"
    page.goto(base + "/")
    assert page.url.startswith(base + "/accounts/sign-in/")
    assert page.csp_violations == []


def test_an_administrator_lands_on_the_council_settings(page, live_server, provider):
    factories.AdministratorFactory(oidc_subject="oid-it")
    provider.sign_in_as(sub="s-it", oid="oid-it", name="IT")
    base = live_server.url

    sign_in_at_the_provider(page, base, provider)

    page.wait_for_url(base + "/council/")
    check_accessibility(page, "administrator's council settings after a council-account sign-in")


def test_an_unknown_account_sees_why_it_is_refused(page, live_server, provider):
    provider.sign_in_as(sub="s-x", oid="oid-stranger", email="stranger@council.example")
    base = live_server.url

    sign_in_at_the_provider(page, base, provider)

    page.wait_for_url(base + "/oidc/callback/**")
    assert page.get_by_role(
        "heading", name="Your council account is not set up in Wardcase"
    ).is_visible()
    check_accessibility(page, "council account not set up")
