"""Letters and notification settings in a real browser, with axe-core on each page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility
from wardcase.cases.choices import EventKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_councillor_writes_a_letter_and_chooses_the_digest(visitor, world):
    """From the case page a letter is generated and listed; the digest is switched on."""
    person = visitor(world.councillor)
    page = person.sign_in()
    person.go(world.case.get_absolute_url())
    page.get_by_text("Write a letter").click()
    check_accessibility(page, "case page with the letter form open")
    page.get_by_label("Acknowledgement to constituent").check()
    page.get_by_role("button", name="Generate the letter").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("generated")
    link = page.locator("#letters a.govuk-link", has_text="Acknowledgement to constituent.docx")
    expect(link).to_have_count(1)
    assert world.case.events.filter(kind=EventKind.LETTER).count() == 1
    check_accessibility(page, "case page after a letter")

    page.get_by_role("link", name="Notification settings").click()
    page.wait_for_load_state()
    check_accessibility(page, "notification settings")
    page.get_by_label("One daily digest email").check()
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    world.councillor.refresh_from_db()
    assert world.councillor.email_digest is True


def test_notification_settings_on_a_phone(visitor, world):
    """The settings page passes axe on a phone-sized screen too."""
    person = visitor(world.officer, viewport=PHONE)
    person.sign_in()
    page = person.go("/notifications/")
    check_accessibility(page, "notification settings on a phone")
