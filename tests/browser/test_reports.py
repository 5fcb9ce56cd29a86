"""The reports in a real browser: every page passes axe, charts carry their tables."""

import pytest

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
    assert "Furthest behind the charter" in page.locator("main").inner_text()
    check_accessibility(page, "coordinator home with its summary")
    for path, heading in (
        ("/reports/response-times/", "Response times by department"),
        ("/reports/volumes/", "Cases by ward"),
        ("/reports/quarterly/", "Quarterly performance report"),
        ("/reports/enquiry-types/", "Cases by enquirer type"),
    ):
        page = coordinator.go(path + MARCH)
        assert heading in page.locator("main").inner_text()
        assert page.locator("svg[role=img] title").count() >= 1
        check_accessibility(page, path)
    page = coordinator.go(
        "/reports/volumes/?date_from_day=1&date_from_month=3&date_from_year=2026"
        "&date_to_day=1&date_to_month=1&date_to_year=2026"
    )
    assert "There is a problem" in page.locator("main").inner_text()
    check_accessibility(page, "a period the wrong way round")


def test_a_head_of_service_reads_on_a_phone(visitor, world, march):
    head = visitor(world.head, viewport=PHONE)
    head.sign_in()
    page = head.go("/")
    assert "Officers' queues" in page.locator("main").inner_text()
    check_accessibility(page, "head of service home on a phone")
    page = head.go("/reports/response-times/" + MARCH)
    assert "Housing" not in page.locator("main").inner_text()
    check_accessibility(page, "response times on a phone")
