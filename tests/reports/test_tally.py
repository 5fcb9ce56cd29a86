"""The deadline tally behind the coordinator's and head's summaries: the same figures as
counting live, for what each user may see, and only while it is fresh."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import at
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case, DeadlineTally, TallyTaken
from wardcase.cases.services.sharing import case_share
from wardcase.cases.tally import deadline_tally_refresh
from wardcase.reports.dashboard import coordinator_panel, head_panel

PANELS = {"coordinator": coordinator_panel, "head": head_panel}


def _figures(panel):
    figures = {key: value for key, value in panel.items() if key != "tally_taken_at"}
    if "officers" in figures:
        figures["officers"] = [(o.name, o.open_cases, o.overdue) for o in figures["officers"]]
    return figures


@pytest.fixture
def narrowed(world, march):
    """B is restricted and shared with no one; C is restricted and shared with the head
    and the coordinator, who then see it by being named on it, outside their reach."""
    Case.objects.filter(pk__in=[march["B"].pk, march["C"].pk]).update(restricted=True)
    with time_machine.travel(at(2026, 3, 19, 12), tick=False):
        for user in (world.head, world.coordinator):
            case_share(
                case=Case.objects.get(pk=march["C"].pk),
                by=world.councillor,
                user=user,
                reason="Needs a senior eye",
            )
    return march


@pytest.mark.parametrize("role", ["coordinator", "head"])
def test_the_tally_gives_the_live_figures(world, narrowed, role):
    user = getattr(world, role)
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        live = PANELS[role](user=user)
        assert live["tally_taken_at"] is None
        deadline_tally_refresh()
        tallied = PANELS[role](user=user)
    assert tallied["tally_taken_at"] == at(2026, 3, 20, 12)
    assert _figures(tallied) == _figures(live)
    # B (restricted, not shared) is left out; C (restricted, shared) is counted.
    assert tallied["overdue"] == 2
    if role == "head":
        assert tallied["officers"][0].open_cases == 3


def test_a_restricted_case_reaches_no_one_through_the_tally(world, narrowed):
    """The tally holds B's deadline (it counts every open case), yet the officer of
    another department, who sees none of these cases, reads nothing of it."""
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        deadline_tally_refresh()
    assert DeadlineTally.objects.filter(restricted=True, overdue__gt=0).exists()
    from wardcase.cases.tally import named_only_cases, tallied_rows

    assert not tallied_rows(user=world.other_officer).filter(overdue__gt=0).exists()
    assert not named_only_cases(user=world.other_officer).exists()
    assert not tallied_rows(user=world.councillor).exists()


def test_the_panel_says_when_the_tally_was_taken_and_counts_live_once_it_is_old(
    client, world, march
):
    """Taken at 12:00 with three deadlines overdue; C's full response at 12:05 leaves
    two. The summary shows the tally (three, as at 12:00) until it is older than the
    maximum age, then counts live; a tally taken yesterday is never shown."""
    client.force_login(world.coordinator)
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        deadline_tally_refresh()
    with time_machine.travel(at(2026, 3, 20, 12, 5), tick=False):
        services.case_add_event(
            case=march["C"], by=world.officer, kind=EventKind.FULL_RESPONSE, body="Done."
        )
        page = client.get("/")
    assert page.context["report_panel"]["overdue"] == 3
    assert "Overdue deadlines and cases logged as at 12:00" in page.content.decode()
    later = at(2026, 3, 20, 12) + timedelta(
        seconds=settings.WARDCASE_DASHBOARD_MAX_AGE_SECONDS + 60
    )
    with time_machine.travel(later, tick=False):
        page = client.get("/")
    assert page.context["report_panel"]["overdue"] == 2
    assert " as at " not in page.content.decode()
    with time_machine.travel(at(2026, 3, 21, 0, 1), tick=False):
        deadline_tally_refresh(at=at(2026, 3, 20, 23, 59))
        assert coordinator_panel(user=world.coordinator)["tally_taken_at"] is None


def test_a_refresh_replaces_the_tally(world, march):
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        first = deadline_tally_refresh()
        second = deadline_tally_refresh()
    assert first == second == DeadlineTally.objects.count()
    assert TallyTaken.objects.count() == 1
    open_cases = Case.objects.exclude(status="closed").count()
    assert sum(DeadlineTally.objects.values_list("open_cases", flat=True)) == open_cases


def test_the_tally_is_taken_by_a_periodic_command(world, march, capsys):
    assert "dashboard_refresh" in dict(settings.WARDCASE_PERIODIC_COMMANDS)
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        call_command("dashboard_refresh")
        assert TallyTaken.objects.get().taken_at == at(2026, 3, 20, 12)
    assert "Deadline tally taken" in capsys.readouterr().out


def test_the_tallied_panel_costs_the_same_queries_for_more_cases(client, world, narrowed):
    from tests.reports.conftest import _log

    def count(user):
        client.force_login(user)
        deadline_tally_refresh()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        assert response.context["report_panel"]["tally_taken_at"] is not None
        return len(captured.captured_queries)

    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        before = {role: count(getattr(world, role)) for role in PANELS}
        for n in range(5):
            _log(world, world.councillor, f"More {n}")
        after = {role: count(getattr(world, role)) for role in PANELS}
    assert before == after


def test_the_cases_counted_beside_the_tally_are_ones_the_user_may_see(world, narrowed):
    from wardcase.cases.selectors import visible_cases
    from wardcase.cases.tally import named_only_cases

    users = [
        world.coordinator,
        world.head,
        world.officer,
        world.other_officer,
        world.councillor,
        world.caseworker,
        world.administrator,
    ]
    for user in users:
        named = set(named_only_cases(user=user, open_only=False).values_list("pk", flat=True))
        assert named <= set(visible_cases(user=user).values_list("pk", flat=True))
    # C, restricted and shared with them, is the coordinator's and the head's only such case.
    assert list(named_only_cases(user=world.head)) == [narrowed["C"]]
    assert list(named_only_cases(user=world.coordinator)) == [narrowed["C"]]


@pytest.mark.parametrize("role", ["coordinator", "head"])
def test_the_overdue_pages_officers_from_the_tally(client, world, narrowed, role):
    """The overdue list's table of officers: the same figures from the tally as live,
    with the time they were counted."""
    client.force_login(getattr(world, role))

    def queues():
        page = client.get("/charter/overdue/")
        rows = [(o.name, o.open_cases, o.overdue) for o in page.context["queues"]]
        return rows, page.context["queues_taken_at"], page.content.decode()

    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        live, live_taken, _page = queues()
        deadline_tally_refresh()
        tallied, taken, page = queues()
    assert live_taken is None and taken == at(2026, 3, 20, 12)
    assert tallied == live
    assert ("Officer One", 3, 2) in tallied  # B left out, C shared with them counted
    assert "Open and overdue figures as at 12:00" in page
