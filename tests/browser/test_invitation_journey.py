"""In a real browser: an administrator invites a new officer; the officer follows the
emailed link, sets a password, sets up an authenticator app and lands signed in. And a
forgotten password, reset end to end. axe on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility
from tests.browser.test_two_factor_journey import code_from_secret
from tests.signing_in import totp_device
from wardcase.accounts.models import User
from wardcase.mail.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITATION_PATH = re.compile(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)")
RESET_PATH = re.compile(r"https?://[^/\s]+(/accounts/password-reset/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "a kettle of blue herons"


def new_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_an_administrator_invites_a_user_who_sets_up_and_signs_in(
    browser, live_server, world, visitor
):
    admin = visitor(world.administrator)
    page = admin.sign_in()
    page = admin.go("/council/users/")
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    check_accessibility(page, "users list")

    page.get_by_role("button", name="Invite a user").click()
    expect(page.get_by_role("heading", name="Invite a user")).to_be_visible()
    check_accessibility(page, "invite a user")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "invite a user with errors")

    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Username").fill("nia.newcomer")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Officer", exact=True).check()
    page.get_by_label("Department (officers and heads of service)").select_option(
        label=world.department.name
    )
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", name="Nia Newcomer")).to_be_visible()
    expect(page.get_by_text("Waiting to be accepted")).to_be_visible()
    check_accessibility(page, "the invited user's page")

    # The invitation email, as the outbox sent it.
    invited = User.objects.get(username="nia.newcomer")
    message = OutboxMessage.objects.get(recipient=invited)
    assert message.state == OutboxMessage.State.SENT
    path = INVITATION_PATH.search(message.body).group(1)

    context, page = new_page(browser, PHONE)
    base = live_server.url
    page.goto(base + path)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    check_accessibility(page, "set your password")
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_label("Confirm password").fill("password")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "set your password with errors")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r".*/accounts/two-factor/set-up/.*"))
    check_accessibility(page, "set up authenticator app after the invitation")
    secret = page.locator("#otp-secret").inner_text()
    page.get_by_label("Code").fill(code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    check_accessibility(page, "recovery codes after the invitation")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(base + "/")
    expect(page.get_by_text("Signed in as Nia Newcomer")).to_be_visible()
    check_accessibility(page, "home page of the new user")

    # The link is spent: following it again says so, clearly.
    page.goto(base + path)
    expect(
        page.get_by_role("heading", name="This invitation has already been used")
    ).to_be_visible()
    check_accessibility(page, "used invitation")
    context.close()

    # Back on the administrator's list, the newcomer is active.
    page = admin.go("/council/users/?q=nia")
    expect(page.get_by_role("cell", name="Active")).to_be_visible()


def test_a_forgotten_password_is_reset_by_email(browser, live_server, world):
    base = live_server.url
    context, page = new_page(browser)
    page.goto(base + "/accounts/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    check_accessibility(page, "reset your password")
    page.get_by_label("Email address").fill(world.officer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_accessibility(page, "check your email")

    message = OutboxMessage.objects.get(recipient=world.officer)
    page.goto(base + RESET_PATH.search(message.body).group(1))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    check_accessibility(page, "choose a new password")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Your password has been changed")).to_be_visible()
    check_accessibility(page, "password changed")
    world.officer.refresh_from_db()
    assert world.officer.check_password(NEW_PASSWORD)
    context.close()


def test_an_administrator_changes_a_role_resets_an_app_and_switches_off(
    browser, live_server, world, visitor
):
    """Every users page and confirmation passes axe, and each action shows its result."""
    totp_device(world.officer)  # the officer has an authenticator app to lose
    admin = visitor(world.administrator)
    admin.sign_in()
    page = admin.go(f"/council/users/{world.officer.pk}/")
    check_accessibility(page, "an officer's page")

    page.get_by_role("link", name="Change role").click()
    expect(page.get_by_role("heading", name="Change the role of Officer One")).to_be_visible()
    check_accessibility(page, "change role")
    page.get_by_label("Head of service").check()
    page.get_by_role("button", name="Save role").click()
    expect(page.get_by_text("Officer One's role has been changed.")).to_be_visible()

    page.get_by_role("link", name="Reset their authenticator app").click()
    check_accessibility(page, "confirm resetting the authenticator app")
    page.get_by_role("button", name="Reset authenticator app").click()
    expect(page.get_by_text("authenticator app has been removed")).to_be_visible()

    page.get_by_role("link", name="Switch off this account").click()
    expect(page.get_by_role("heading", name=re.compile("switch off Officer One"))).to_be_visible()
    check_accessibility(page, "confirm switching off")
    page.get_by_role("button", name="Switch off").click()
    expect(page.get_by_text("has been switched off and signed out everywhere")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Switched off")).to_be_visible()
    check_accessibility(page, "a switched-off officer's page")
    page.get_by_role("button", name="Switch back on").click()
    expect(page.get_by_text("has been switched back on")).to_be_visible()

    # Trying to switch themselves off, the only administrator is told why not.
    page = admin.go(f"/council/users/{world.administrator.pk}/switch-off/")
    page.get_by_role("button", name="Switch off").click()
    expect(page.get_by_text("only active administrator")).to_be_visible()
    check_accessibility(page, "refused: the last administrator")

    page = admin.go("/accounts/password-change/")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "change your password with errors")

    page = admin.go("/accounts/invitation/not-a-real-link/")
    expect(page.get_by_role("heading", name="This invitation link is not valid")).to_be_visible()
    check_accessibility(page, "invalid invitation")
