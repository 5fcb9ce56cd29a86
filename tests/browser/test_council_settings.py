"""Council settings in a real browser: the administrator does each everyday job, with
axe-core on every page, error pages included."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility
from tests.council.conftest import docx_with
from wardcase.charter.models import CharterRule, ClosureDay
from wardcase.directory.models import Department, Service
from wardcase.letters.models import LetterTemplate
from wardcase.mail.models import OutboxMessage
from wardcase.places.models import Ward
from wardcase.privacy.models import RetentionPolicy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(page, name="Save"):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _succeeded(page, text):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def _section(page, name):
    page.get_by_role("link", name="Council settings").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def test_the_administrator_sets_up_the_council(visitor, world, tmp_path):
    page = visitor(world.administrator).sign_in()
    page.get_by_role("link", name="Council settings").click()
    page.wait_for_load_state()
    check_accessibility(page, "council settings home")

    # A ward: a duplicate is explained, then a new one is added.
    _section(page, "Wards")
    check_accessibility(page, "wards")
    page.get_by_role("link", name="Add a ward").click()
    page.get_by_label("Ward name").fill("North Ward")
    _save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("already a ward called")
    check_accessibility(page, "add a ward, with an error")
    page.get_by_label("Ward name").fill("Riverside")
    page.get_by_label("ONS GSS code (optional)").fill("E05000123")
    _save(page)
    _succeeded(page, "Ward Riverside added")
    assert Ward.objects.filter(name="Riverside", gss_code="E05000123").exists()

    # A department in the directory, with its head of service.
    _section(page, "Directorates and departments")
    check_accessibility(page, "directorates and departments")
    page.get_by_role("link", name="Add a department").click()
    check_accessibility(page, "add a department")
    page.get_by_label("Department name").fill("Parks")
    page.get_by_label("Head of service (optional)").select_option(label=str(world.head))
    _save(page)
    _succeeded(page, "Department Parks added")
    assert Department.objects.get(name="Parks").head == world.head
    page.get_by_role("link", name="Change Highways").click()
    check_accessibility(page, "change a department in use")
    expect(page.get_by_text("It cannot be deleted because:")).to_be_visible()

    # A service in the glossary.
    _section(page, "Services")
    check_accessibility(page, "services")
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Service name").fill("Tree pruning")
    page.get_by_label("Department that deals with it").select_option(label="Parks")
    _save(page)
    _succeeded(page, "Service Tree pruning added")
    assert Service.objects.filter(name="Tree pruning", department__name="Parks").exists()

    # A charter override for a department.
    _section(page, "Charter terms")
    check_accessibility(page, "charter terms")
    page.get_by_role("link", name="Add charter terms").click()
    page.get_by_label("Applies to").select_option(label="Department: Highways")
    _save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter at least one term")
    check_accessibility(page, "add charter terms, with an error")
    page.get_by_label("Full response within (working days)").fill("15")
    _save(page)
    _succeeded(page, "worked out again")
    assert CharterRule.objects.get(department=world.department).response_days == 15
    check_accessibility(page, "charter terms with an override")

    # A closure day, with the GOV.UK date input.
    _section(page, "Closure days")
    check_accessibility(page, "closure days")
    page.get_by_label("Day").fill("29")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2031")
    page.get_by_label("What it is for").fill("Christmas closure")
    _save(page, "Add closure day")
    _succeeded(page, "29 December 2031 added as a closure day")
    assert ClosureDay.objects.filter(name="Christmas closure").exists()
    check_accessibility(page, "closure days with one coming")

    # The retention period.
    _section(page, "Retention period")
    check_accessibility(page, "retention period")
    page.get_by_label("Anonymise personal data this many months after a case is closed").fill("72")
    _save(page, "Save retention period")
    _succeeded(page, "Retention period saved: 72 months")
    assert RetentionPolicy.objects.get().anonymise_after_months == 72

    # A letter template: a bad merge field is refused, a good file is kept.
    _section(page, "Letter templates")
    check_accessibility(page, "letter templates")
    page.get_by_role("link", name="Upload a letter template").click()
    check_accessibility(page, "upload a letter template")
    bad, good = tmp_path / "bad.docx", tmp_path / "planning.docx"
    bad.write_bytes(docx_with("Dear {{ constituent.nmae }},"))
    good.write_bytes(docx_with("Dear {{ constituent.name }}, about {{ case.reference }}."))
    page.get_by_label("Name", exact=True).fill("Planning reply")
    page.get_by_label("Response to the constituent").check()
    page.get_by_label("Word file (.docx)").set_input_files(str(bad))
    _save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("does not know")
    check_accessibility(page, "upload a letter template, with an error")
    page.get_by_label("Word file (.docx)").set_input_files(str(good))
    _save(page)
    _succeeded(page, "Letter template Planning reply added")
    assert LetterTemplate.objects.filter(name="Planning reply", active=True).exists()

    # A notification the mail server would not take, sent again.
    OutboxMessage.objects.create(
        to="officer@example.org",
        subject="About a case",
        body="x",
        state=OutboxMessage.State.FAILED,
        attempts=5,
        last_error="SMTP 451: try again later",
    )
    _section(page, "Failed emails")
    check_accessibility(page, "failed emails")
    page.get_by_role("button", name="Send all failed emails again").click()
    _succeeded(page, "1 email(s) will be sent again")
    check_accessibility(page, "failed emails, sent again")
    assert not OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED).exists()


def test_council_settings_on_a_phone(visitor, world, screenshots):
    """The settings home and the widest table pass axe on a phone-sized screen."""
    person = visitor(world.administrator, viewport=PHONE)
    person.sign_in()
    for path, name in [("/council/", "council-settings"), ("/council/charter/", "charter-terms")]:
        page = person.go(path)
        check_accessibility(page, f"{name} on a phone")
        page.screenshot(path=str(screenshots / f"{name}-phone.png"), full_page=True)
