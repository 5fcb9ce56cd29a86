"""Searching on a phone: one box, collapsible filters, highlighted results, saved."""

import pytest

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
    assert world.case.reference in main.inner_text()
    assert world.other_case.reference not in main.inner_text()
    assert page.locator("mark").first.inner_text().lower() == "pothole"
    check_accessibility(page, "search results on a phone")

    page.get_by_text("Filter the results").click()
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "0 cases found" in page.locator("main").inner_text()
    check_accessibility(page, "search with filters open on a phone")

    page.get_by_label("Name this search").fill("Closed potholes")
    page.get_by_role("button", name="Save this search").click()
    page.wait_for_load_state()
    assert "Search saved" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Closed potholes").is_visible()
    check_accessibility(page, "saved search listed on a phone")
