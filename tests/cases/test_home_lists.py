"""The home page's lists: closing from "Ready to close", the coordinator's triage rows,
and the officer's queue with chased cases first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import acknowledged, assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case


def proposed(world):
    return services.case_propose_closure(
        case=acknowledged(world), by=world.officer, reason="Pothole filled on 3 March."
    )


def test_ready_to_close_rows_lead_to_a_confirm_step_not_a_one_tap_close(client, world):
    case = proposed(world)
    client.force_login(world.councillor)
    home = client.get("/").content.decode()
    link = reverse("cases:close", args=[case.reference]) + "?next=/"
    assert f'href="{link}"' in home
    page = client.get(link)
    assert page.status_code == 200
    assert b"Pothole filled on 3 March." in page.content
    assert b'name="outcome"' in page.content and b'name="next" value="/"' in page.content
    assert Case.objects.get(pk=case.pk).status != Status.CLOSED  # looking closes nothing


def test_closing_from_the_confirm_step_returns_to_the_home_page(client, world):
    case = proposed(world)
    client.force_login(world.councillor)
    url = reverse("cases:close", args=[case.reference])
    missing = client.post(url, {"next": "/"})
    assert missing.status_code == 400 and b"Choose an outcome" in missing.content
    done = client.post(url, {"outcome": "resolved", "next": "/"})
    assert done.status_code == 302 and done["Location"] == "/"
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
    assert b"closed: Resolved" in client.get("/").content


def test_the_close_page_is_only_for_whoever_may_close(client, world):
    case = proposed(world)
    url = reverse("cases:close", args=[case.reference])
    client.force_login(world.officer)
    assert client.get(url).status_code == 403
    client.force_login(world.other_officer)
    assert client.get(url).status_code == 404


def test_other_lists_offer_no_close_button(client, world):
    case = acknowledged(world)
    client.force_login(world.councillor)
    assert reverse("cases:close", args=[case.reference]) not in client.get("/").content.decode()


def test_new_case_rows_show_service_ward_and_age_and_appear_once(client, world):
    old = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="Overgrown hedge",
        description="Blocking the path.",
        service=world.service,
        constituent={"name": "Dee Resident"},
    )
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    Case.objects.filter(pk=old.pk).update(ward=world.ward)
    routed = assign(world, world.other_case)
    client.force_login(world.coordinator)
    response = client.get("/")
    new, rest = response.context["sections"]
    assert new["triage"] and not rest["triage"]
    assert {c.pk for c in new["cases"]} == {world.case.pk, old.pk}
    assert {c.pk for c in rest["cases"]} == {routed.pk}
    page = response.content.decode()
    new_table = page.split('id="unassigned-heading"', 1)[1].split('id="all-heading"', 1)[0]
    assert "Latest response" not in new_table and "No response yet" not in new_table
    assert "Potholes" in new_table and "North Ward" in new_table
    assert "3 days" in new_table and "Logged today" in new_table
    assert page.count(f">{old.reference}</a>") == 1


def test_the_officers_queue_marks_chased_cases_and_sorts_them_up(client, world):
    """A chase since the last answer puts the case first, tagged; answering clears it."""
    first = acknowledged(world)
    second = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="Blocked drain",
        description="Flooding.",
        service=world.service,
        constituent={"name": "Eve Resident"},
    )
    second = services.case_acknowledge(case=assign(world, second), by=world.officer)
    client.force_login(world.officer)
    order = [c.pk for c in client.get("/").context["sections"][0]["cases"]]
    chased = second if order[0] == first.pk else first
    services.case_chase(case=chased, by=world.councillor)
    response = client.get("/")
    rows = response.context["sections"][0]["cases"]
    assert rows[0].pk == chased.pk and rows[0].wc_chased and not rows[1].wc_chased
    assert response.content.decode().count(">Update requested</strong>") == 1
    services.case_add_event(case=chased, by=world.officer, kind=EventKind.UPDATE, body="On it")
    rows = client.get("/").context["sections"][0]["cases"]
    assert not any(c.wc_chased for c in rows)


def test_a_head_sees_chased_cases_first_too(client, world):
    case = acknowledged(world)
    factories.OfficerFactory(department=world.department)
    services.case_chase(case=case, by=world.councillor)
    client.force_login(world.head)
    rows = client.get("/").context["sections"][0]["cases"]
    assert rows[0].pk == case.pk and rows[0].wc_chased
