"""The charter in a real browser: deadlines explained, a pause, and the overdue list."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, check_accessibility
from tests.conftest import assign
from wardcase.cases.choices import Status
from wardcase.cases.services.charter_sweep import sla_sweep

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_pauses_a_case_and_a_coordinator_sees_what_is_overdue(visitor, world):
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        overdue = assign(world, world.other_case)
    case = assign(world)
    sla_sweep()

    officer = visitor(world.officer)
    officer.sign_in()
    page = officer.go(case.get_absolute_url())
    page.get_by_text("How this date was worked out").first.click()
    check_accessibility(page, "case page with deadlines")
    page.get_by_text("Pause the deadlines: waiting for information").click()
    page.get_by_label("What information is the case waiting for?").fill("Which lamp post?")
    page.get_by_role("button", name="Pause the deadlines", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Deadlines paused")
    case.refresh_from_db()
    assert case.status == Status.AWAITING_INFORMATION

    coordinator = visitor(world.coordinator, viewport=PHONE)
    coordinator.sign_in()
    page = coordinator.go("/charter/overdue/")
    expect(page.locator("main")).to_contain_text(overdue.reference)
    expect(page.locator("main")).not_to_contain_text(case.reference)
    check_accessibility(page, "overdue now on a phone")


def test_a_councillor_sends_a_proposed_closure_back_on_a_phone(visitor, world):
    """From the home page's 'Ready to close' to the case, where 'Not ready to close' opens
    its form; an empty reason is explained, a real one goes back to the officer."""
    from wardcase.cases import services
    from wardcase.cases.choices import EventKind

    case = services.case_acknowledge(case=assign(world), by=world.officer)
    services.case_propose_closure(case=case, by=world.officer, reason="Pothole filled.")

    councillor = visitor(world.councillor, viewport=PHONE)
    page = councillor.sign_in()
    ready = page.get_by_role("region", name=re.compile("Ready to close"))
    ready.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("proposed closing this case")).to_be_visible()
    page.get_by_role("link", name="Not ready to close").click()
    reason = page.get_by_label("What still needs doing?")
    expect(reason).to_be_visible()
    check_accessibility(page, "case page with a proposal to close (phone)")

    page.get_by_role("button", name="Send it back to the officer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what still needs doing")
    check_accessibility(page, "not ready to close, with an error (phone)")
    page.get_by_label("What still needs doing?").fill("The kerb beside it is still broken.")
    page.get_by_role("button", name="Send it back to the officer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("stays open")
    expect(page.get_by_text("Closure not agreed").first).to_be_visible()
    case.refresh_from_db()
    assert case.closure_proposed_at is None
    assert case.events.filter(kind=EventKind.CLOSURE_DECLINED).count() == 1
