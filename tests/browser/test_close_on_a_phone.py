"""A councillor closes a case from the home page on a phone (390x844), with axe on every
page, and finds the officer's answer and the close form at the top of the case page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility
from tests.conftest import acknowledged
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "We filled the pothole outside number 4 on Tuesday and checked the drain beside it."


def ready_to_close(world):
    case = acknowledged(world)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body=ANSWER)
    return services.case_propose_closure(case=case, by=world.officer, reason="Repaired.")


def test_a_councillor_closes_a_case_from_the_home_page(visitor, world, screenshots):
    case = ready_to_close(world)
    councillor = visitor(world.councillor, viewport=PHONE)
    page = councillor.sign_in()
    taps = 0
    ready = page.get_by_role("region", name=re.compile("Ready to close"))
    ready.get_by_role("button", name=f"Close the case {case.reference}").click()
    taps += 1
    expect(page.get_by_role("heading", name="Close the case", level=1)).to_be_visible()
    expect(page.get_by_text("Repaired.")).to_be_visible()
    check_accessibility(page, "close the case (phone)")
    page.screenshot(path=screenshots / "close-from-home-390.png", full_page=True)
    assert Case.objects.get(pk=case.pk).status != Status.CLOSED  # the link alone closes nothing

    page.get_by_role("button", name="Close the case", exact=True).click()
    expect(page.locator(".govuk-error-summary").get_by_text("Choose an outcome")).to_be_visible()
    check_accessibility(page, "close with an error (phone)")
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_role("button", name="Close the case", exact=True).click()
    taps += 2
    page.wait_for_url(councillor.base + "/")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("closed: Resolved")
    check_accessibility(page, "home after closing (phone)")
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
    print(f"\nClosed from the home page in {taps} taps")
    assert taps == 3


def test_the_case_page_leads_with_the_answer_and_the_close_form(visitor, world, screenshots):
    case = ready_to_close(world)
    councillor = visitor(world.councillor, viewport=PHONE)
    councillor.sign_in()
    page = councillor.go(case.get_absolute_url())
    check_accessibility(page, "case page (phone)")
    expect(page.locator(".wc-latest-response")).to_contain_text(ANSWER)
    close = page.locator(f'form[action="/cases/{case.reference}/close/"]')
    expect(close).to_have_count(1)
    expect(close.get_by_label("Resolved", exact=True)).to_be_visible()
    top = close.bounding_box()["y"]
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=screenshots / "case-top-390.png")
    print(f"\nClose form at {top:.0f} px of a {height} px page (was ~3,600 px down)")
    assert top < 2 * PHONE["height"]
