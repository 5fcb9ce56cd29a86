"""The spine journey in a real browser, as four people, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    choose_service,
    open_more_details,
)
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BRAND = "rgb(0, 98, 94)"


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def test_sign_in_page_is_keyboard_usable_and_styled(visitor, world):
    """The skip link is the first tab stop and moves focus to the main content; CSS loads."""
    person = visitor(world.councillor)
    page = person.go("/accounts/sign-in/")
    header = page.locator(".govuk-generic-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == BRAND
    assert "arial" in page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily").lower()
    check_accessibility(page, "sign-in")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "govuk-skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "username"

    submit(page, "Sign in")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    check_accessibility(page, "sign-in with errors")
    person.go("/accessibility/")
    check_accessibility(page, "accessibility statement")

    administrator = visitor(world.administrator)
    page = administrator.sign_in()
    expect(page.get_by_role("heading", name="Council settings")).to_be_visible()
    check_accessibility(page, "administrator home")


def test_the_whole_journey(visitor, world, tmp_path, screenshots):
    """Logged by a caseworker, assigned, answered by an officer, chased and closed on a phone."""
    attachment = tmp_path / "photo-of-pothole.pdf"
    attachment.write_bytes(PDF)

    # A caseworker logs a case for their councillor, with a file.
    caseworker = visitor(world.caseworker)
    page = caseworker.sign_in()
    check_accessibility(page, "caseworker dashboard")
    page.get_by_role("link", name="Log a case").first.click()
    expect(page.get_by_role("heading", name="Log a case")).to_be_visible()
    check_accessibility(page, "log a case")
    submit(page, "Log the case")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "log a case with errors")
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "log-a-case-errors-390.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Full name").fill("Ada Resident")
    page.get_by_label("Postcode (optional)").fill("te1 1st")
    page.get_by_label("Describe the problem").fill("Deep pothole by the gate.\nCars swerve.")
    choose_service(page, "Potholes")
    page.get_by_role("group", name="How did it reach you?").get_by_label("Phone").check()
    open_more_details(page)
    page.get_by_label("Subject").fill("Pothole outside the school")
    page.get_by_label("High", exact=True).check()
    page.locator("input[type=file][name=attachments]").set_input_files(str(attachment))
    submit(page, "Log the case")
    expect(success_banner(page)).to_contain_text("Case logged")
    reference = page.locator(".govuk-caption-l").inner_text().strip()
    assert re.fullmatch(r"WC-\d{4}-\d{6}", reference)
    expect(page.get_by_role("link", name=re.compile("photo-of-pothole.pdf"))).to_have_count(2)
    check_accessibility(page, "case page (caseworker)")
    case = Case.objects.get(reference=reference)
    assert case.owner == world.councillor and case.attachments.count() == 1

    # The caseworker corrects the constituent's email from the case page.
    page.get_by_role("link", name="Change the details").click()
    check_accessibility(page, "change details")
    page.get_by_label("Email address (optional)").fill("ada@example")
    submit(page, "Save the details")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page, "change details with errors")
    page.get_by_label("Email address (optional)").fill("ada@example.org")
    submit(page, "Save the details")
    expect(success_banner(page)).to_contain_text("Details saved")
    case.refresh_from_db()
    assert case.constituent.email == "ada@example.org" and case.version == 2

    # The coordinator assigns it to a department and officer.
    coordinator = visitor(world.coordinator)
    page = coordinator.sign_in()
    check_accessibility(page, "coordinator dashboard")
    page.screenshot(path=screenshots / "coordinator-dashboard-1280.png", full_page=True)
    to_assign = page.get_by_role("region", name=re.compile("New cases to assign"))
    to_assign.get_by_role("link", name=reference).click()
    check_accessibility(page, "case page (coordinator)")
    page.screenshot(path=screenshots / "case-coordinator-1280.png", full_page=True)
    page.get_by_label("Department").select_option(label="Highways")
    page.get_by_label("Lead officer").select_option(label="Officer One")
    submit(page, "Assign")
    expect(success_banner(page)).to_contain_text("assigned to Officer One in Highways")

    # The officer acknowledges, updates, answers in full and proposes closure.
    officer = visitor(world.officer)
    page = officer.sign_in()
    check_accessibility(page, "officer queue")
    page.screenshot(path=screenshots / "officer-dashboard-1280.png", full_page=True)
    page.get_by_role("link", name=reference).click()
    check_accessibility(page, "case page (officer)")
    page.get_by_label("Message to the councillor (optional)").fill("We will inspect it.")
    submit(page, "Acknowledge")
    expect(success_banner(page)).to_contain_text("acknowledged")
    page.get_by_label("Update", exact=True).check()
    page.get_by_label("Text").fill("Inspected: repair booked.")
    submit(page, "Add to the case")
    page.get_by_label("Full response").check()
    page.get_by_label("Text").fill("Repaired on Tuesday.")
    submit(page, "Add to the case")
    expect(success_banner(page)).to_contain_text("Full response added")
    page.get_by_text("Propose closing the case").click()
    page.get_by_label("Why can the case be closed?").fill("The repair is done.")
    submit(page, "Propose closure")
    check_accessibility(page, "case page (officer, closure proposed)")
    page.screenshot(path=screenshots / "case-officer-1280.png", full_page=True)

    # The councillor, on a phone, sees the latest response, chases, and closes the case.
    councillor = visitor(world.councillor, viewport=PHONE)
    page = councillor.sign_in()
    ready = page.get_by_role("region", name=re.compile("Ready to close"))
    row = ready.locator("tr", has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Repaired on Tuesday.")
    check_accessibility(page, "councillor dashboard (phone)")
    page.screenshot(path=screenshots / "councillor-dashboard-390.png", full_page=True)
    page.screenshot(path=screenshots / "councillor-dashboard-390-first-screen.png")
    row.get_by_role("button", name="Request an update").click()
    confirmation = page.locator(f"#chase-{reference}")
    confirmation.get_by_text("Update requested.").wait_for()
    assert "Update requested." in page.evaluate("document.activeElement.textContent")
    assert case.events.filter(kind=EventKind.CHASE).count() == 1
    check_accessibility(page, "councillor dashboard after chase")

    page.get_by_role("link", name=reference).click()
    check_accessibility(page, "case page (councillor, phone)")
    page.screenshot(path=screenshots / "case-councillor-390.png", full_page=True)
    page.screenshot(path=screenshots / "case-councillor-390-first-screen.png")
    submit(page, "Close the case")
    expect(page.locator(".govuk-error-summary").get_by_text("Choose an outcome")).to_be_visible()
    check_accessibility(page, "case page with an error (phone)")
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_label("Comment (optional)").fill("Thank you, the resident is happy.")
    submit(page, "Close the case")
    expect(success_banner(page)).to_contain_text("closed: Resolved")
    check_accessibility(page, "case page (closed)")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.outcome == "resolved"

    # The same pages on a desktop, for the screenshots.
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=screenshots / "case-councillor-1280.png", full_page=True)
    councillor.go("/?status=all")
    page.screenshot(path=screenshots / "councillor-dashboard-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    councillor.go("/cases/WC-1999-000001/")
    check_accessibility(page, "page not found")
