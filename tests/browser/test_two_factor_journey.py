"""Two-factor sign-in in a real browser: set up the app from the key on the page, keep the
recovery codes, sign in again with a code; axe on every step, and no CSP violation."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_secret(secret, step_ahead=0):
    """What an authenticator app holding the key shown on the page displays."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = totp.time + 30 * step_ahead
    return f"{totp.token():06d}"


def sign_in_with_password(page, base, username):
    page.goto(base + "/accounts/sign-in/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_set_up_the_app_then_sign_in_with_a_code(browser, live_server, world):
    """First sign-in: QR code and key, a code, recovery codes; then sign out and in again."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    csp_violations = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    base = live_server.url

    sign_in_with_password(page, base, world.councillor.username)
    assert page.url.startswith(base + "/accounts/two-factor/set-up/")
    expect(page.locator(".wc-qr-code svg")).to_be_visible()
    check_accessibility(page, "set up authenticator app")
    secret = page.locator("#otp-secret").inner_text()

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    check_accessibility(page, "set up authenticator app with an error")

    page.wait_for_timeout(1100)  # django-otp makes the next try wait after a wrong code
    page.get_by_label("Code").fill(code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_accessibility(page, "recovery codes")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(base + "/")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(base + "/accounts/sign-in/")
    sign_in_with_password(page, base, world.councillor.username)
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    check_accessibility(page, "enter security code")
    # The code from set-up is spent; the app's next one is accepted.
    page.get_by_label("Code").fill(code_from_secret(secret, step_ahead=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/")

    page.goto(base + "/accounts/recovery-codes/")
    check_accessibility(page, "recovery codes count")
    assert csp_violations == []
    context.close()


def test_the_lockout_page_is_clear_and_accessible(browser, live_server, world):
    """After five wrong passwords the browser shows the GOV.UK lockout page, which passes axe."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    for _try in range(5):
        page.goto(live_server.url + "/accounts/sign-in/")
        page.fill("#username", world.councillor.username)
        page.fill("#password", "not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", name="You cannot sign in at the moment")).to_be_visible()
    assert "Wait 15 minutes" in page.content()
    check_accessibility(page, "locked out")
    context.close()
