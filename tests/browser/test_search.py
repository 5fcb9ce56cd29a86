"""Searching on a phone: one box, collapsible filters, highlighted results, saved."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_councillor_searches_filters_and_saves_a_search_on_a_phone(visitor, world):
    councillor = visitor(world.councillor, viewport=PHONE)
    councillor.sign_in()
    page = councillor.go("/search/")
    check_accessibility(page, "empty search on a phone")
    page.get_by_label("Search cases").fill("potholes")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    main = page.locator("main")
    expect(main).to_contain_text(world.case.reference)
    expect(main).not_to_contain_text(world.other_case.reference)
    assert page.locator("mark").first.inner_text().lower() == "pothole"
    check_accessibility(page, "search results on a phone")

    page.get_by_text("Filter the results").click()
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("0 cases found")
    check_accessibility(page, "search with filters open on a phone")

    page.get_by_label("Name this search").fill("Closed potholes")
    page.get_by_role("button", name="Save this search").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Search saved")
    expect(page.get_by_role("link", name="Closed potholes")).to_be_visible()
    check_accessibility(page, "saved search listed on a phone")
