"""Surgeries, a member's own query and help in a real browser, with axe on every page."""

import pytest

from tests.browser.conftest import check_accessibility, choose_service
from wardcase.cases.models import Case, Surgery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_surgery_then_an_own_query_at_it_then_help(visitor, world):
    page = visitor(world.councillor).sign_in()
    page.get_by_role("link", name="Surgeries").click()
    check_accessibility(page, "surgeries page")
    submit(page, "Open the surgery")
    check_accessibility(page, "surgeries page with errors")
    page.get_by_label("Where is it held?").fill("Mill Lane Library")
    page.locator("[name=day_day]").fill("4")
    page.locator("[name=day_month]").fill("12")
    page.locator("[name=day_year]").fill("2026")
    page.get_by_label("Start time").fill("18:30")
    submit(page, "Open the surgery")
    check_accessibility(page, "a surgery's page")
    page.get_by_role("button", name="Log a case at this surgery").click()
    page.wait_for_load_state()
    check_accessibility(page, "log a case at a surgery")
    page.get_by_label("This is my own query: no constituent raised it").check()
    page.get_by_label("Describe the problem").fill("Overgrown verge hides the junction.")
    choose_service(page, "Potholes")
    submit(page, "Log the case")
    case = Case.objects.get(description="Overgrown verge hides the junction.")
    assert case.constituent is None and case.surgery == Surgery.objects.get()
    assert case.location == "Mill Lane Library" and case.channel == "surgery"
    page.goto(page.url.split("/cases/")[0] + case.get_absolute_url())
    check_accessibility(page, "an own query's case page")
    page.get_by_role("link", name="Help", exact=True).click()
    assert "Councillor: how Wardcase works for you" in page.content()
    check_accessibility(page, "help page")
