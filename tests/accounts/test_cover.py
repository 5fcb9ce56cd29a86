"""Holiday cover: a deputy acts for a councillor between two dates, and it ends by itself."""

import datetime

import pytest
import time_machine

from tests import factories
from wardcase.accounts.cover import cover_create, cover_end
from wardcase.audit.models import AuditEntry
from wardcase.cases import selectors, services
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.permissions.case_actions import can_chase, can_close, can_message_as_member

START = datetime.date(2026, 8, 3)
END = datetime.date(2026, 8, 14)


def arrange(world, *, by=None, deputy=None, starts_on=START, ends_on=END, **extra):
    """Cover for the world's councillor, arranged by them unless `by` says otherwise."""
    return cover_create(
        by=by or world.councillor,
        councillor=world.councillor,
        deputy=deputy or world.other_councillor,
        starts_on=starts_on,
        ends_on=ends_on,
        **extra,
    )


def log_for(world, by):
    return services.case_create(
        by=by,
        owner=world.councillor,
        subject="Bins",
        description="Missed again",
        service=world.service,
        constituent={"name": "C Person"},
    )


def sees(user, case):
    return selectors.visible_cases(user=user).filter(pk=case.pk).exists()


@pytest.fixture
def cover(world):
    with time_machine.travel(datetime.datetime(2026, 7, 20, 9, tzinfo=datetime.UTC)):
        return arrange(world, reason="Holiday")


def test_deputy_acts_only_during_the_cover_period(world, cover):
    """Before, during and after: the deputy sees and acts on the cases only in the period."""
    deputy = world.other_councillor
    with time_machine.travel(datetime.datetime(2026, 8, 2, 12, tzinfo=datetime.UTC)):
        assert not sees(deputy, world.case)
    with time_machine.travel(datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC)):
        assert sees(deputy, world.case)
        assert can_message_as_member(deputy, world.case)
        assert can_close(deputy, world.case)
    with time_machine.travel(datetime.datetime(2026, 8, 14, 15, tzinfo=datetime.UTC)):
        assert sees(deputy, world.case)
    with time_machine.travel(datetime.datetime(2026, 8, 15, 9, tzinfo=datetime.UTC)):
        assert not sees(deputy, world.case)
        assert not can_message_as_member(deputy, world.case)


def test_a_deputy_sees_the_covered_councillors_cases_ready_to_close(client, world, cover):
    """During the cover, a proposal to close one of the councillor's cases waits on the
    deputy's home page too; after it, it does not."""
    from django.urls import reverse

    from tests.conftest import assign
    from wardcase.cases import services

    services.case_propose_closure(case=assign(world), by=world.officer, reason="Done")
    client.force_login(world.other_councillor)
    with time_machine.travel(datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC)):
        sections = {s["key"]: s for s in client.get(reverse("home")).context["sections"]}
        assert [c.pk for c in sections["to_close"]["cases"]] == [world.case.pk]
    with time_machine.travel(datetime.datetime(2026, 8, 15, 9, tzinfo=datetime.UTC)):
        sections = {s["key"]: s for s in client.get(reverse("home")).context["sections"]}
        assert "to_close" not in sections


def test_caseworker_deputy_can_log_cases_for_the_councillor(world):
    """A caseworker covering a councillor may log a case for them during the cover."""
    helper = factories.CaseworkerFactory()
    with time_machine.travel(datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC)):
        arrange(world, deputy=helper)
        case = log_for(world, helper)
        assert case.owner == world.councillor
        assert can_chase(helper, case) is False  # new cases cannot be chased yet
        assert sees(helper, case)
    with (
        time_machine.travel(datetime.datetime(2026, 8, 20, 9, tzinfo=datetime.UTC)),
        pytest.raises(ActionNotAllowed),
    ):
        log_for(world, helper)


def test_cover_is_audited_and_checked(world, cover):
    """Cover is audited; bad dates and people are clear errors; only the councillor arranges."""
    assert AuditEntry.objects.filter(action="cover.created").exists()
    with time_machine.travel(datetime.datetime(2026, 7, 20, 9, tzinfo=datetime.UTC)):
        with pytest.raises(ServiceError) as backwards:
            arrange(world, starts_on=END, ends_on=START)
        assert backwards.value.field == "ends_on"
        with pytest.raises(ServiceError) as officer:
            arrange(world, deputy=world.officer)
        assert officer.value.field == "deputy"
        with pytest.raises(ActionNotAllowed):
            arrange(world, by=world.caseworker)


def test_ending_cover_early_stops_access_today(world, cover):
    """A councillor back early ends cover: the deputy loses access the same day."""
    with time_machine.travel(datetime.datetime(2026, 8, 6, 9, tzinfo=datetime.UTC)):
        assert sees(world.other_councillor, world.case)
        cover_end(by=world.councillor, cover=cover)
        assert not sees(world.other_councillor, world.case)
    cover.refresh_from_db()
    assert cover.ends_on == datetime.date(2026, 8, 5)


def test_cover_page_lists_and_creates_for_councillors_only(client, world):
    """Councillors manage their cover on a page; other roles are refused."""
    from django.urls import reverse

    url = reverse("cover")
    assert client.get(url).status_code == 302
    client.force_login(world.officer)
    assert client.get(url).status_code == 403
    client.force_login(world.councillor)
    with time_machine.travel(datetime.datetime(2026, 7, 20, 9, tzinfo=datetime.UTC)):
        page = client.get(url)
        assert page.status_code == 200
        bad = client.post(url, {"deputy": world.other_councillor.pk})
        assert bad.status_code == 400
        assert "Enter the first day of cover" in bad.content.decode()
        response = client.post(
            url,
            {
                "deputy": world.other_councillor.pk,
                **{"starts_on_day": "3", "starts_on_month": "8", "starts_on_year": "2026"},
                **{"ends_on_day": "14", "ends_on_month": "8", "ends_on_year": "2026"},
                "reason": "Holiday",
            },
        )
        assert response.status_code == 302
        assert "Cllr Two" in client.get(url).content.decode()
        # GOV.UK's three boxes, with its words for a date that cannot be.
        impossible = client.post(
            url,
            {
                "deputy": world.other_councillor.pk,
                **{"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2026"},
            },
        )
        assert impossible.status_code == 400
        assert "First day must be a real date" in impossible.content.decode()
        assert 'name="starts_on_day"' in impossible.content.decode()
