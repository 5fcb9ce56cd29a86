"""Privacy work in a real browser: a coordinator records and exports a subject access
request, and reads a case's audit history, with axe-core on every page."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility
from wardcase.privacy.models import SubjectAccessRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_coordinator_answers_a_subject_access_request(visitor, world):
    """Find the person, record the request (errors first), download the ZIP, check pages."""
    person = visitor(world.coordinator)
    page = person.sign_in()
    page.get_by_role("link", name="Privacy").click()
    check_accessibility(page, "privacy home")
    page.get_by_role("link", name="Find a constituent").first.click()
    page.fill("#q", "Ada")
    submit(page, "Search")
    check_accessibility(page, "constituent search")
    page.get_by_role("link", name="Ada Resident").click()
    check_accessibility(page, "constituent")

    page.get_by_role("link", name="Record a subject access request").click()
    page.fill("#requested_at", "31")
    page.fill("#requested_at_1", "2")
    page.fill("#requested_at_2", "2026")
    submit(page, "Record the request")
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    check_accessibility(page, "subject access request with errors")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "requested_at"
    page.fill("#requested_at", "27")
    submit(page, "Record the request")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("due by 27 March 2026")
    assert SubjectAccessRequest.objects.filter(constituent=world.case.constituent).exists()

    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download the export (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(waiting.value.path()).read_bytes()))
    assert json.loads(archive.read("data.json"))["person"]["name"] == "Ada Resident"

    for path, name in (
        (f"/privacy/constituents/{world.case.constituent.pk}/correct/", "correct details"),
        (f"/privacy/constituents/{world.case.constituent.pk}/erase/", "erase"),
        ("/privacy/councillors/", "departing councillors"),
        (f"/privacy/councillors/{world.councillor.pk}/", "handover"),
    ):
        person.go(path)
        check_accessibility(page, name)


def test_a_coordinator_reads_a_cases_history_on_a_phone(visitor, world):
    """From the case page to its audit entries, on a small screen."""
    person = visitor(world.coordinator, viewport=PHONE)
    page = person.sign_in()
    person.go(world.case.get_absolute_url())
    page.get_by_role("link", name="Who viewed or changed this case").click()
    check_accessibility(page, "case history form")
    page.fill("#date_from", "1")
    page.fill("#date_from_1", "1")
    page.fill("#date_from_2", "2020")
    page.fill("#date_to", "31")
    page.fill("#date_to_1", "12")
    page.fill("#date_to_2", "2099")
    submit(page, "Show the entries")
    table = page.locator("table.govuk-table").inner_text()
    assert "Logged the case" in table and "Viewed (web)" in table
    check_accessibility(page, "case history")
