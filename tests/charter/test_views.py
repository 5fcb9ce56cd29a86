"""The charter on the case page, the overdue list and the officers' queues."""

import time_machine

from tests.charter.conftest import at
from tests.conftest import assign
from wardcase.cases import services
from wardcase.cases.choices import Status
from wardcase.cases.services.charter_sweep import sla_sweep
from wardcase.charter.models import Clock, Pause


def page(client, user, path):
    client.force_login(user)
    return client.get(path)


def test_the_case_page_explains_each_deadline(client, world):
    """Assigned on 23 December 2026: the page says Christmas and Boxing Day were skipped."""
    with time_machine.travel(at(2026, 12, 23, 9), tick=False):
        case = assign(world)
        html = page(client, world.councillor, case.get_absolute_url()).content.decode()
    assert "Charter deadlines" in html
    assert "How this date was worked out" in html
    assert "Christmas Day" in html
    assert "Due by the end of Wednesday 30 December 2026" in html
    assert "On track" in html
    # The top of the page gives the next date, as the list row does.
    assert "On track: acknowledge by 30 Dec 2026" in html
    assert 'href="#deadlines"' in html


def test_an_officer_pauses_through_the_page_and_is_told_what_is_missing(client, world):
    case = assign(world)
    client.force_login(world.officer)
    url = f"/cases/{case.reference}/pause/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Say what information the case is waiting for" in refused.content.decode()
    assert not Pause.objects.exists()
    done = client.post(url, {"reason": "Which lamp post?"}, follow=True)
    assert "Deadlines paused" in done.content.decode()
    case.refresh_from_db()
    assert case.status == Status.AWAITING_INFORMATION
    client.force_login(world.councillor)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Restart the deadlines" in html
    assert "Paused" in html
    client.post(f"/cases/{case.reference}/resume/", {"note": "Number 12"})
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED


def test_people_off_the_case_cannot_pause_it(client, world):
    case = assign(world)
    for outsider in (world.other_councillor, world.other_officer):
        client.force_login(outsider)
        assert client.post(f"/cases/{case.reference}/pause/", {"reason": "x"}).status_code == 404
    client.force_login(world.administrator)
    assert client.post(f"/cases/{case.reference}/pause/", {"reason": "x"}).status_code == 404
    assert not Pause.objects.exists()


def test_only_the_owner_sees_and_answers_a_request_for_more_time(client, world):
    case = assign(world)
    client.force_login(world.officer)
    bad = client.post(
        f"/cases/{case.reference}/request-extension/",
        {"kind": "respond", "working_days": "lots", "reason": "Quote"},
    )
    assert "Enter a whole number of working days" in bad.content.decode()
    client.post(
        f"/cases/{case.reference}/request-extension/",
        {"kind": "respond", "working_days": "5", "reason": "Waiting for a quote"},
    )
    html = page(client, world.councillor, case.get_absolute_url()).content.decode()
    assert "Answer the request for more time" in html
    assert "asks for 5 more working days" in html
    client.force_login(world.caseworker)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Answer the request for more time" not in html
    answer = {"approve": "yes", "note": ""}
    assert client.post(f"/cases/{case.reference}/decide-extension/", answer).status_code == 403
    client.force_login(world.councillor)
    client.post(f"/cases/{case.reference}/decide-extension/", answer)
    assert Clock.objects.get(case=case, kind="respond").extension_days == 5


def _overdue_world(world):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        highways = assign(world)
        housing = services.case_assign(
            case=world.other_case,
            by=world.coordinator,
            department=world.other_department,
            lead_officer=world.other_officer,
        )
    sla_sweep(at=at(2026, 3, 6, 10))
    return highways, housing


def test_coordinators_see_everything_overdue_and_heads_their_department(client, world):
    highways, housing = _overdue_world(world)
    with time_machine.travel(at(2026, 3, 6, 11), tick=False):
        everything = page(client, world.coordinator, "/charter/overdue/").content.decode()
        own = page(client, world.head, "/charter/overdue/").content.decode()
    assert highways.reference in everything and housing.reference in everything
    assert highways.reference in own and housing.reference not in own
    assert "Officer One" in own


def test_no_one_else_reaches_the_overdue_list_or_the_queues(client, world):
    _overdue_world(world)
    for user in (world.councillor, world.caseworker, world.officer, world.administrator):
        assert page(client, user, "/charter/overdue/").status_code == 403
        assert page(client, user, "/charter/queues/officer/").status_code == 403
    client.logout()
    assert client.get("/charter/overdue/").status_code == 302
    assert page(client, world.head, "/charter/queues/officer.housing/").status_code == 404


def test_an_officers_queue_is_sorted_by_the_next_deadline(client, world):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        later = assign(world)
    with time_machine.travel(at(2026, 2, 23, 10), tick=False):
        sooner = assign(world, world.other_case)
    html = page(client, world.head, "/charter/queues/officer/").content.decode()
    assert html.index(sooner.reference) < html.index(later.reference)


def test_the_overdue_list_costs_the_same_queries_for_three_or_thirty(
    client, world, django_assert_max_num_queries
):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        for n in range(30):
            case = services.case_create(
                by=world.councillor,
                owner=world.councillor,
                subject=f"Leak {n}",
                description="Water",
                service=world.service,
                constituent={"name": f"Person {n}"},
            )
            assign(world, case)
    sla_sweep(at=at(2026, 3, 6, 10))
    client.force_login(world.coordinator)
    # 14: the officers' open cases and their overdue deadlines are two grouped queries,
    # each bounded by open cases, rather than one over every case they ever led, after
    # asking whether the deadline tally is fresh (it is not taken here).
    with django_assert_max_num_queries(14):
        response = client.get("/charter/overdue/")
    assert response.status_code == 200
    assert response.content.decode().count("wc-case-ref") == 25


def test_a_met_deadline_keeps_its_date_when_the_case_is_paused_later(client, world, assigned):
    """Acknowledged on time, then paused: the page still says it was due 5 March."""
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        services.case_acknowledge(case=assigned, by=world.officer)
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        services.case_pause(case=assigned, by=world.officer, reason="Photo please")
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        html = page(client, world.councillor, assigned.get_absolute_url()).content.decode()
    assert "Met on 3 March 2026. It was due by 5 March 2026." in html
    assert "Due by the end of Thursday 5 March 2026" in html


def test_a_list_row_shows_what_is_late_and_only_the_next_date_on_track(client, world, assigned):
    """Assigned Monday 2 March: that day the row gives the acknowledgement alone (the
    response and six-month dates wait on the case page); once the acknowledgement is due
    soon or overdue, the response is the next date on track."""
    import re

    def row_lines(day):
        with time_machine.travel(at(2026, 3, day, 12), tick=False):
            html = page(client, world.councillor, "/").content.decode()
        block = re.search(r'<ul class="[^"]*wc-clock-lines">(.*?)</ul>', html, re.S).group(1)
        return [
            re.sub(r"<[^>]+>", "", line).strip() for line in block.split("</li>") if "<li" in line
        ]

    assert row_lines(2) == ["On track: acknowledge by 5 Mar 2026"]
    assert row_lines(3) == [
        "Due soon: acknowledge by 5 Mar 2026",
        "On track: full response by 16 Mar 2026",
    ]
    assert row_lines(6) == [
        "Overdue: acknowledge by 5 Mar 2026",
        "On track: full response by 16 Mar 2026",
    ]


def test_overdue_rows_say_how_many_working_days_late(client, world):
    """Due on Thursday 5 March: on Monday 9 March it is two working days late (Friday
    and Monday; the weekend does not count)."""
    highways, _housing = _overdue_world(world)
    acknowledge = highways.clocks.get(kind="acknowledge")
    assert acknowledge.due_on.isoformat() == "2026-03-05"
    with time_machine.travel(at(2026, 3, 9, 11), tick=False):
        html = page(client, world.head, "/charter/overdue/").content.decode()
    assert "2 working days late" in html
