"""The summary panels on the coordinator's and the head of service's home pages."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import at


def _home(client, user):
    client.force_login(user)
    return client.get("/")


def test_the_coordinator_sees_the_summary(client, world, march):
    """On 20 March: E unassigned (plus the world's two cases), three response deadlines
    overdue in Highways, five cases logged in March and none in February."""
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        response = _home(client, world.coordinator)
    panel = response.context["report_panel"]
    assert panel["unassigned"] == 3
    assert panel["overdue"] == 3
    assert [(d.name, d.overdue) for d in panel["behind"]] == [("Highways", 3)]
    assert (panel["this_month"], panel["last_month"]) == (5, 0)
    assert "5 so far, against 0 by 20 February (0 in all of February)" in response.content.decode()
    page = response.content.decode()
    assert 'href="/charter/overdue/"' in page
    assert "Highways: 3 overdue" in page


def test_this_month_is_compared_with_last_month_up_to_the_same_day(client, world, march):
    """On 31 March, February (28 days) counts to its last day; on 3 April, March counts
    to 3 March: A to E were logged on 2 March, one more case on the 20th."""
    from tests.reports.conftest import _log

    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        _log(world, world.councillor, "Later")
    with time_machine.travel(at(2026, 3, 31, 12), tick=False):
        panel = _home(client, world.coordinator).context["report_panel"]
    assert panel["same_day_last_month"].isoformat() == "2026-02-28"
    with time_machine.travel(at(2026, 4, 3, 12), tick=False):
        panel = _home(client, world.coordinator).context["report_panel"]
    assert (panel["last_month_to_date"], panel["last_month"]) == (5, 6)


def test_the_head_of_service_sees_their_department(client, world, march):
    """Highways' live clocks on 20 March: B, C and D's responses are overdue; the
    resolve clocks of A to D and A's six-weekly update clock are running; Housing's case
    is not counted."""
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        response = _home(client, world.head)
        panel = response.context["report_panel"]
    assert panel["overdue"] == 3
    assert panel["running"] == 5
    # Five deadlines on four cases (A has two): said so, not left to look like a mistake.
    assert panel["running_cases"] == 4
    assert "5 on 4 cases" in response.content.decode()
    assert [(o.name, o.open_cases, o.overdue) for o in panel["officers"]][0] == (
        "Officer One",
        4,
        3,
    )


def test_the_heads_figures_leave_out_a_restricted_case_they_cannot_open(client, world, march):
    """B is restricted: only its owner's side and lead officer see it, so the head's
    summary and the officer's row both count one case and one overdue deadline fewer,
    as the lists they lead to do."""
    from wardcase.cases.models import Case

    Case.objects.filter(pk=march["B"].pk).update(restricted=True)
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        panel = _home(client, world.head).context["report_panel"]
        overdue_page = client.get("/charter/overdue/")
        queue = client.get(f"/charter/queues/{world.officer.username}/")
    assert panel["overdue"] == 2
    assert [(o.name, o.open_cases, o.overdue) for o in panel["officers"]][0] == (
        "Officer One",
        3,
        2,
    )
    assert [(o.name, o.open_cases, o.overdue) for o in overdue_page.context["queues"]][0] == (
        "Officer One",
        3,
        2,
    )
    assert queue.context["section"]["page"].paginator.count == 3
    assert march["B"].reference not in queue.content.decode()


def test_other_roles_have_no_panel(client, world):
    assert _home(client, world.councillor).context["report_panel"] is None
    assert _home(client, world.officer).context["report_panel"] is None


def test_the_panel_costs_the_same_queries_for_more_cases(client, world, march):
    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured.captured_queries)

    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        before = {role: count(getattr(world, role)) for role in ("coordinator", "head")}
        from tests.reports.conftest import _log

        for n in range(5):
            _log(world, world.councillor, f"More {n}")
        after = {role: count(getattr(world, role)) for role in ("coordinator", "head")}
    assert before == after
