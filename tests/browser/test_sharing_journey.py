"""Sharing, duplicates, cover and clusters in a real browser, with axe-core on every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, choose_service
from tests.sharing_fixtures import neighbour_case
from wardcase.cases import selectors
from wardcase.cases.services.linking import case_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_capture_panel_appears_as_the_constituent_is_typed(visitor, world):
    """Typing a returning constituent's email shows their earlier case in a live region."""
    neighbour_case(world)
    page = visitor(world.caseworker).sign_in()
    page.get_by_role("link", name="Log a case").first.click()
    page.get_by_label("Full name").fill("Ada Resident")
    page.get_by_label("Email address (optional)").fill("ada@example.org")
    choose_service(page, "Potholes")
    page.get_by_label("Describe the problem").fill("Pothole on Mill Lane")
    page.get_by_label("Describe the problem").press("Tab")
    panel = page.locator("#capture-matches")
    panel.get_by_text("This constituent may have raised cases before").wait_for()
    assert panel.get_attribute("aria-live") == "polite"
    expect(panel).to_contain_text(world.case.reference)
    expect(panel).to_contain_text("A ward colleague has a similar case")
    expect(panel).not_to_contain_text("Cy Neighbour")
    check_accessibility(page, "log a case with matches")


def test_possible_duplicates_load_after_the_case_page_and_link_in_a_click(visitor, world):
    """The case page comes first; the panel of possible duplicates replaces its link."""
    other = neighbour_case(world)
    page = visitor(world.councillor).sign_in()
    page.goto(page.url.rstrip("/") + world.case.get_absolute_url())
    panel = page.locator("#similar-panel")
    expect(panel.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    expect(panel.get_by_role("link", name="Check for possible duplicates")).to_have_count(0)
    check_accessibility(page, "case page with possible duplicates")
    submit(page, f"Link to {other.reference}")
    expect(page.locator("#similar-panel")).to_contain_text("Already linked")
    assert selectors.visible_cases(user=world.councillor).filter(pk=other.pk).exists()


def test_councillor_shares_then_stops_sharing(visitor, world):
    """The owner shares from the case page, sees the error for a missing reason, then stops."""
    page = visitor(world.councillor).sign_in()
    page.goto(page.url.rstrip("/") + world.case.get_absolute_url())
    check_accessibility(page, "case page with sharing panel")
    page.get_by_role("link", name="Share the case with a colleague or officer").click()
    check_accessibility(page, "share page")
    page.get_by_label("Share with").select_option(label="Cllr Two")
    submit(page, "Share")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "share page with errors")
    page.get_by_label("Why are you sharing it?").fill("Joint surgery follow-up")
    submit(page, "Share")
    assert "Case shared with Cllr Two" in page.content()
    assert selectors.visible_cases(user=world.other_councillor).filter(pk=world.case.pk).exists()
    submit(page, "Stop sharing with Cllr Two")
    assert "can no longer see the case" in page.content()
    assert not selectors.visible_cases(user=world.other_councillor).filter(pk=world.case.pk)


def test_cover_and_clusters_pages(visitor, world):
    """A councillor arranges cover; a coordinator reads clusters. Both pages pass axe."""
    page = visitor(world.councillor).sign_in()
    page.get_by_role("link", name="Holiday cover").click()
    check_accessibility(page, "cover page")
    submit(page, "Arrange cover")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "cover page with errors")
    page.get_by_label("Who will act for you").select_option(label="Cllr Two")
    for box, day in (("starts_on", "1"), ("ends_on", "14")):  # GOV.UK's three boxes
        page.locator(f"[name={box}_day]").fill(day)
        page.locator(f"[name={box}_month]").fill("1")
        page.locator(f"[name={box}_year]").fill("2099")
    submit(page, "Arrange cover")
    assert "Cover arranged" in page.content()

    other = neighbour_case(world)
    case_link(case=world.case, other=other, by=world.coordinator)
    page = visitor(world.coordinator).sign_in()
    page.get_by_role("link", name="Clusters").click()
    expect(page.get_by_text("Group of 2 linked cases")).to_be_visible()
    check_accessibility(page, "clusters page")
