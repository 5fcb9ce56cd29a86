"""Logging a case on a phone for someone seen before, within 30 seconds of a practised
thumb: 200 characters a minute plus 1.5 s a tap, counted as the test goes."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import PHONE, check_accessibility
from wardcase.cases.models import Case
from wardcase.constituents.models import Constituent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARS_PER_MINUTE = 200
SECONDS_PER_TAP = 1.5
BUDGET_SECONDS = 30


class Thumb:
    """Taps and typing on the page, counted."""

    def __init__(self, page):
        self.page, self.taps, self.chars = page, 0, 0

    def tap(self, locator):
        locator.click()
        self.taps += 1

    def type(self, text):
        self.page.keyboard.type(text)
        self.chars += len(text)

    @property
    def seconds(self):
        return self.chars * 60 / CHARS_PER_MINUTE + self.taps * SECONDS_PER_TAP


def test_a_repeat_constituent_is_logged_on_a_phone_in_30_seconds(visitor, world):
    """Ada rang again about her bins: chosen from "seen before", the service found by "bin",
    the case logged on her existing record, all within the budget; axe finds nothing."""
    waste = factories.DepartmentFactory(council=world.council, name="Waste and Street Cleansing")
    bins = factories.ServiceFactory(
        department=waste, name="Missed bin collection", aliases="refuse, rubbish, bin men"
    )
    people = Constituent.objects.count()
    page = visitor(world.councillor, viewport=PHONE).sign_in()
    page.goto(page.url.rstrip("/") + "/cases/new/")
    check_accessibility(page, "log a case on a phone")
    height = page.evaluate("document.documentElement.scrollHeight")
    # Each question is a GOV.UK form group; those behind "Add more details" start folded.
    shown = page.evaluate(
        "[...document.querySelectorAll('main .govuk-form-group')]"
        ".filter(g => !g.closest('details') && g.offsetParent !== null).length"
    )
    thumb = Thumb(page)

    thumb.tap(page.get_by_label("Full name"))
    thumb.type("Ada")
    use = page.get_by_role("button", name="Use Ada Resident")
    expect(page.locator("#people-matches")).to_contain_text("Name matches so far")
    check_accessibility(page, "log a case: seen before")
    thumb.tap(use)
    expect(page.get_by_label("Email address (optional)")).to_have_value("ada@example.org")
    assert page.evaluate("document.activeElement.id") == "description"
    thumb.type("Bins not emptied on Elm Road for three weeks running.")
    thumb.tap(page.get_by_label("Service", exact=True))
    thumb.type("bin")
    option = page.get_by_role("option", name="Missed bin collection")
    thumb.tap(option)
    expect(page.locator("#service-department")).to_contain_text("Waste and Street Cleansing")
    thumb.tap(page.get_by_role("group", name="How did it reach you?").get_by_label("Phone"))
    check_accessibility(page, "log a case: filled in")
    thumb.tap(page.get_by_role("button", name="Log the case"))

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("What happens next")
    print(
        f"\nLogging a repeat constituent's case at 390x844: {thumb.taps} taps, "
        f"{thumb.chars} characters, about {thumb.seconds:.1f} s "
        f"(page {height} px tall, {shown} questions shown before 'Add more details')"
    )
    assert thumb.seconds <= BUDGET_SECONDS
    case = Case.objects.latest("created_at")
    assert case.constituent_id == world.case.constituent_id  # her record, not a second one
    assert Constituent.objects.count() == people
    assert case.service == bins and case.channel == "phone"
    assert case.subject == "Bins not emptied on Elm Road for three weeks running."
    assert not case.consent_share_officers and not case.consent_share_ward
    check_accessibility(page, "case page after logging on a phone")


def test_the_service_search_puts_recent_services_first_and_knows_other_words(visitor, world):
    """An empty search offers the councillor's recent service first; "rubbish" finds bins."""
    waste = factories.DepartmentFactory(council=world.council, name="Waste and Street Cleansing")
    factories.ServiceFactory(department=waste, name="Missed bin collection", aliases="rubbish")
    factories.ServiceFactory(department=waste, name="Abandoned vehicles")
    page = visitor(world.councillor, viewport=PHONE).sign_in()
    page.goto(page.url.rstrip("/") + "/cases/new/")
    field = page.get_by_label("Service", exact=True)
    field.click()
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Potholes")
    expect(options.first).to_contain_text("recent")
    field.fill("rubbish")
    expect(options.first).to_contain_text("Missed bin collection")
    expect(options).to_have_count(1)
