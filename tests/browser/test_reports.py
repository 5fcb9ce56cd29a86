"""The reports in a real browser: every page passes axe, charts carry their tables."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility
from tests.reports.conftest import build_march

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def march(world):
    """The hand-checked March cases of the report tests."""
    return build_march(world)


MARCH = (
    "?date_from_day=1&date_from_month=3&date_from_year=2026"
    "&date_to_day=31&date_to_month=3&date_to_year=2026"
)


def test_a_coordinator_reads_the_reports(visitor, world, march):
    coordinator = visitor(world.coordinator)
    coordinator.sign_in()
    page = coordinator.go("/")
    expect(page.locator("main")).to_contain_text("Furthest behind the charter")
    check_accessibility(page, "coordinator home with its summary")
    for path, heading in (
        ("/reports/response-times/", "Response times by department"),
        ("/reports/volumes/", "Cases by ward"),
        ("/reports/quarterly/", "Quarterly performance report"),
        ("/reports/enquiry-types/", "Cases by enquirer type"),
    ):
        page = coordinator.go(path + MARCH)
        expect(page.locator("main")).to_contain_text(heading)
        assert page.locator("svg[role=img] title").count() >= 1
        check_accessibility(page, path)
    page = coordinator.go(
        "/reports/volumes/?date_from_day=1&date_from_month=3&date_from_year=2026"
        "&date_to_day=1&date_to_month=1&date_to_year=2026"
    )
    expect(page.locator("main")).to_contain_text("There is a problem")
    check_accessibility(page, "a period the wrong way round")


def test_a_head_of_service_reads_on_a_phone(visitor, world, march):
    head = visitor(world.head, viewport=PHONE)
    head.sign_in()
    page = head.go("/")
    expect(page.locator("main")).to_contain_text("Officers' queues")
    check_accessibility(page, "head of service home on a phone")
    page = head.go("/reports/response-times/" + MARCH)
    expect(page.locator("main")).not_to_contain_text("Housing")
    check_accessibility(page, "response times on a phone")


def test_wide_report_tables_scroll_in_their_own_box_on_a_phone(visitor, world, march):
    """Reflow (WCAG 1.4.10): the response-times table, with blank figures for the
    department nobody was assigned to, scrolls sideways in its box; the page does not."""
    coordinator = visitor(world.coordinator, viewport=PHONE)
    coordinator.sign_in()
    page = coordinator.go("/reports/response-times/" + MARCH)
    expect(page.locator("main")).to_contain_text("Not set")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table_box = page.locator(".wc-table-wrapper").first
    assert table_box.evaluate("box => box.scrollWidth > box.clientWidth")
