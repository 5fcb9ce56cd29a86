"""The "who viewed or changed case X between two dates" page for coordinators."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import assign
from wardcase.audit.services import audit_case_read
from wardcase.cases.services.sharing import case_share, case_unshare


def query(world, start=("1", "1", "2026"), end=("31", "12", "2026"), reference=None):
    return {
        "reference": reference or world.case.reference,
        "date_from_day": start[0],
        "date_from_month": start[1],
        "date_from_year": start[2],
        "date_to_day": end[0],
        "date_to_month": end[1],
        "date_to_year": end[2],
    }


def views_at(world, user, when, times=1):
    with time_machine.travel(when, tick=False):
        for _n in range(times):
            audit_case_read(user=user, case=world.case, via="web")


@pytest.mark.parametrize("role", ["councillor", "caseworker", "officer", "head"])
def test_other_roles_are_refused(client, world, role):
    """Only coordinators and administrators read the audit log."""
    client.force_login(getattr(world, role))
    assert client.get("/audit/case-history/", query(world)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/audit/case-history/", query(world))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_the_page_lists_who_did_what_when_between_the_dates(client, world, role):
    """Entries inside the dates are listed with who and what; others are left out."""
    views_at(world, world.officer, datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    views_at(world, world.head, datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 3, 11, 9, 0, tzinfo=UTC), tick=False):
        assign(world)
    client.force_login(getattr(world, role))
    response = client.get(
        "/audit/case-history/", query(world, ("1", "3", "2026"), ("31", "3", "2026"))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Officer One" in page and "Viewed (web)" in page
    assert "Coordinator" in page and "Assigned" in page
    assert "Head of Highways" not in page
    assert "2 entries for" in page


def test_the_end_date_includes_that_whole_day(client, world):
    """A view at 23:30 London time on the end date is included."""
    views_at(world, world.officer, datetime(2026, 6, 30, 22, 30, tzinfo=UTC))
    client.force_login(world.coordinator)
    page = client.get(
        "/audit/case-history/", query(world, ("30", "6", "2026"), ("30", "6", "2026"))
    ).content.decode()
    assert "1 entry for" in page


def test_an_unknown_reference_and_bad_dates_are_explained(client, world):
    """Errors name the field and link to it; nothing is listed."""
    client.force_login(world.coordinator)
    unknown = client.get("/audit/case-history/", query(world, reference="WC-1999-000001"))
    assert unknown.status_code == 400
    assert "There is no case with that reference" in unknown.content.decode()
    backwards = client.get(
        "/audit/case-history/", query(world, ("2", "3", "2026"), ("1", "3", "2026"))
    )
    assert backwards.status_code == 400
    assert "must be the same as or after" in backwards.content.decode()
    assert 'href="#date_to"' in backwards.content.decode()


def test_pages_take_a_constant_number_of_queries(client, world):
    """Ten entries or sixty (over three pages), a page costs the same number of queries."""
    client.force_login(world.coordinator)
    when = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    views_at(world, world.officer, when, times=10)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/case-history/", query(world)).status_code == 200
        return len(captured)

    few = count()
    views_at(world, world.head, when, times=50)
    assert count() == few
    second = client.get("/audit/case-history/", {**query(world), "page": "3"}).content.decode()
    assert "Head of Highways" in second


def test_the_case_page_links_coordinators_to_its_history(client, world):
    """A coordinator on a case page finds the link, and the form arrives with the reference."""
    client.force_login(world.coordinator)
    page = client.get(world.case.get_absolute_url()).content.decode()
    link = f"/audit/case-history/?reference={world.case.reference}"
    assert link in page
    form = client.get(link)
    assert form.status_code == 200 and f'value="{world.case.reference}"' in form.content.decode()


def test_the_case_page_has_no_history_link_for_its_councillor(client, world):
    client.force_login(world.councillor)
    assert "/audit/case-history/" not in client.get(world.case.get_absolute_url()).content.decode()


def test_the_page_shows_each_action_in_words_not_as_stored(client, world):
    """A share and its end read as what happened, not as `case.shared`."""
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=UTC), tick=False):
        case_share(case=world.case, by=world.councillor, user=world.other_officer, reason="Housing")
        case_unshare(case=world.case, by=world.councillor, user=world.other_officer)
    client.force_login(world.coordinator)
    page = client.get("/audit/case-history/", query(world)).content.decode()
    assert "Shared the case with a colleague" in page
    assert "Stopped sharing the case with a colleague" in page
    assert "case.shared" not in page and "case.unshared" not in page
