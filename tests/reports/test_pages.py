"""Report pages and API: who may see what, and the same numbers both ways."""

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.reports.conftest import _log, at
from tests.reports.test_queries import MARCH
from wardcase.constituents.models import Constituent
from wardcase.privacy.anonymise import anonymise_cases, anonymise_constituents

PERIOD = {
    "date_from_day": "1",
    "date_from_month": "3",
    "date_from_year": "2026",
    "date_to_day": "31",
    "date_to_month": "3",
    "date_to_year": "2026",
}
API_PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def _page(client, user, name, **params):
    client.force_login(user)
    return client.get(f"/reports/{name}/", {**PERIOD, **params})


def _api(user, name, **params):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/reports/{name}/", {**API_PERIOD, **params})


def _table(response):
    """The first section's rows as the page shows them."""
    return {row[0]: row for row in response.context["document"].sections[0].rows}


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/reports/response-times/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert APIClient().get("/api/v1/reports/volumes/").status_code in {401, 403}


@pytest.mark.parametrize("role", ["officer", "caseworker"])
def test_officers_and_caseworkers_cannot_see_reports(client, world, role):
    """Reports are for coordinators, heads, councillors and administrators."""
    client.force_login(getattr(world, role))
    assert client.get("/reports/response-times/").status_code == 403
    assert _api(getattr(world, role), "volumes").status_code == 403


def test_the_page_and_the_api_show_the_same_response_times(client, world, march, on_20_march):
    """Every figure of the page's table is the API's."""
    page = _table(_page(client, world.coordinator, "response-times", group="department"))
    api = _api(world.coordinator, "response-times", group="department").json()
    assert page["Highways"][1:] == [4, 2.5, 75.0, 4.0, 100.0, 3]
    (highways,) = [row for row in api["rows"] if row["label"] == "Highways"]
    assert [
        highways["cases"],
        highways["median_days_to_acknowledge"],
        highways["acknowledged_on_time_percent"],
        highways["median_days_to_respond"],
        highways["responded_on_time_percent"],
        highways["overdue_now"],
    ] == page["Highways"][1:]


def test_the_page_and_the_api_show_the_same_volumes(client, world, march):
    page = _table(_page(client, world.coordinator, "volumes", group="service"))
    api = _api(world.coordinator, "volumes", group="service").json()
    assert {row["label"]: [row["cases"], row["open_cases"]] for row in api["rows"]} == {
        label: row[1:] for label, row in page.items()
    }
    assert page["Potholes"] == ["Potholes", 4, 4]


def test_a_head_of_service_sees_only_their_department(client, world, march):
    page = _table(_page(client, world.head, "response-times", group="department"))
    assert list(page) == ["Highways"]
    api = _api(world.head, "volumes", group="service").json()
    assert [row["label"] for row in api["rows"]] == ["Potholes"]


def test_a_councillor_sees_only_their_own_figures_per_councillor(client, world, march):
    """Cllr One logged A, C and D; Cllr Two's figures are not shown to them."""
    page = _table(_page(client, world.councillor, "volumes", group="councillor"))
    assert page == {"Cllr One": ["Cllr One", 3, 3]}
    api = _api(world.councillor, "volumes", group="councillor").json()
    assert [(r["label"], r["cases"]) for r in api["rows"]] == [("Cllr One", 3)]


def test_a_councillor_sees_their_ward_aggregated(client, world, march):
    page = _table(_page(client, world.councillor, "volumes", group="ward"))
    assert page["North Ward"][1] == 5


def test_coordinators_cannot_see_figures_per_councillor_unless_enabled(
    client, world, march, settings
):
    """Per-councillor figures are off for every other role by default."""
    response = _page(client, world.coordinator, "volumes", group="councillor")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    refused = _api(world.coordinator, "volumes", group="councillor")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "You cannot see figures per councillor."
    settings.WARDCASE_REPORTS_PER_COUNCILLOR_ROLES = ["coordinator"]
    page = _table(_page(client, world.coordinator, "volumes", group="councillor"))
    assert {label: row[1] for label, row in page.items()} == {"Cllr One": 3, "Cllr Two": 2}


def test_administrators_see_aggregates(client, world, march):
    page = _table(_page(client, world.administrator, "volumes", group="department"))
    assert page["Highways"][1] == 4


def test_a_period_ending_before_it_starts_is_refused_clearly(client, world):
    params = {**PERIOD, "date_to_year": "2025"}
    response = _page(client, world.coordinator, "volumes", **params)
    assert response.status_code == 400
    assert "must be the same as or after" in response.content.decode()
    api = _api(world.coordinator, "volumes", date_to="2025-01-01")
    assert api.status_code == 400
    assert "date_to" in api.json()["errors"]


def test_hot_spots_are_streets_with_three_cases_of_one_service(client, world, march):
    """Mill Lane has A, B and C (D was anonymised and lost its location)."""
    response = _page(client, world.coordinator, "volumes", group="ward")
    spots = response.context["document"].sections[1].rows
    assert spots == [["Mill Lane", "Street", "Potholes", 3]]


def retire(case):
    """Anonymise a case and its constituent, as the retention sweep does."""
    anonymise_cases(case_ids=[case.pk], at=at(2026, 3, 20, 10), reason="test")
    constituents = Constituent.objects.filter(pk=case.constituent_id)
    anonymise_constituents(constituents=constituents, at=at(2026, 3, 20, 10))
    assert constituents.get().postcode == "TE1 1"


def test_hot_spots_count_postcode_sectors_anonymised_cases_included(client, world):
    """Three pothole cases in sector TE1 1 make a hot spot, one of them anonymised (it
    keeps its sector); a fourth in TE1 2 and two in TE9 9 do not."""
    postcodes = ["TE1 1AA", "TE1 1AB", "TE1 1ZZ", "TE1 2AA", "TE9 9AA", "TE9 9AB"]
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        cases = [
            _log(
                world,
                world.councillor,
                "Pothole",
                constituent={"name": f"Resident {n}", "postcode": postcode},
            )
            for n, postcode in enumerate(postcodes)
        ]
    retire(cases[0])
    response = _page(client, world.coordinator, "volumes", group="ward")
    spots = response.context["document"].sections[1].rows
    assert spots == [["TE1 1", "Postcode sector", world.service.name, 3]]


def test_response_times_by_month_uses_the_same_figures(world, march, on_20_march):
    from wardcase.reports import queries

    report = queries.response_times(user=world.coordinator, group="month", **MARCH)
    (row,) = report.rows
    assert (row.label, row.cases, row.median_days_to_acknowledge) == ("March 2026", 5, 2.5)


def test_administrators_see_no_streets(client, world, march):
    """Hot spots name streets, which is case content: administrators get none."""
    response = _page(client, world.administrator, "volumes", group="ward")
    assert response.context["document"].sections[1].rows == []
    assert "Mill Lane" not in response.content.decode()


def test_a_period_without_a_grouping_uses_the_first_choice(client, world, march):
    client.force_login(world.coordinator)
    response = client.get("/reports/response-times/", PERIOD)
    assert response.status_code == 200
    assert response.context["document"].sections[0].columns[0] == "Department"


def test_a_first_visit_shows_the_last_full_quarter(client, world):
    client.force_login(world.coordinator)
    response = client.get("/reports/volumes/")
    assert response.status_code == 200
    document = response.context["document"]
    assert document.date_from.day == 1
    assert (document.date_to - document.date_from).days in range(88, 92)


def test_over_a_long_period_hot_spots_look_at_its_last_year(client, world):
    """Two years asked for: three pothole cases on Mill Lane logged in March 2025 are
    outside the last year and make no hot spot; three on Elm Road in March 2026 do, and
    the note says which days were looked at. The volumes still count all six."""
    for moment, street in ((at(2025, 3, 3, 10), "Mill Lane"), (at(2026, 3, 2, 10), "Elm Road")):
        with time_machine.travel(moment, tick=False):
            for n in range(3):
                _log(world, world.councillor, f"Pothole {n}", location=street)
    two_years = {**PERIOD, "date_from_month": "4", "date_from_year": "2024"}
    client.force_login(world.coordinator)
    response = client.get("/reports/volumes/", {"group": "ward", **two_years})
    volumes, spots = response.context["document"].sections
    assert spots.rows == [["Elm Road", "Street", "Potholes", 3]]
    assert "in the period's last year, 1 April 2025 to 31 March 2026" in str(spots.note)
    assert sum(row[1] for row in volumes.rows) == 6
