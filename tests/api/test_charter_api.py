"""The charter in the API: clocks with explanations, and the four actions."""

from tests.conftest import assign
from wardcase.cases import services
from wardcase.charter.models import Clock


def test_a_case_lists_its_clocks_with_how_each_date_was_worked_out(api, world):
    case = assign(world)
    data = api(world.councillor).get(f"/api/v1/cases/{case.reference}/").json()
    clocks = {c["kind"]: c for c in data["clocks"]}
    assert set(clocks) == {"acknowledge", "respond", "resolve"}
    respond = clocks["respond"]
    assert respond["state"] == "running"
    assert respond["due_on"] == respond["explanation"]["due_on"]
    assert respond["explanation"]["period"] == {"amount": 10, "unit": "working_days"}
    assert isinstance(respond["explanation"]["days_skipped"], list)


def test_pause_resume_and_more_time_through_the_api(api, world):
    case = assign(world)
    url = f"/api/v1/cases/{case.reference}"
    officer, councillor = api(world.officer), api(world.councillor)
    missing = officer.post(f"{url}/pause/", {}, format="json")
    assert missing.status_code == 400
    paused = officer.post(f"{url}/pause/", {"reason": "Need a photo"}, format="json")
    assert paused.status_code == 200
    assert paused.json()["status"] == "awaiting_information"
    assert {c["state"] for c in paused.json()["clocks"] if c["kind"] != "acknowledge"} == {"paused"}
    resumed = councillor.post(f"{url}/resume/", {"note": "Photo sent"}, format="json")
    assert resumed.json()["status"] == "assigned"
    bad = officer.post(
        f"{url}/request-extension/", {"working_days": 0, "reason": "x"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "working_days"
    asked = officer.post(
        f"{url}/request-extension/", {"working_days": 4, "reason": "Quote"}, format="json"
    )
    respond = next(c for c in asked.json()["clocks"] if c["kind"] == "respond")
    assert respond["extension_pending"]["working_days"] == 4
    assert (
        api(world.caseworker).post(f"{url}/approve-extension/", {}, format="json").status_code
        == 403
    )
    agreed = councillor.post(f"{url}/approve-extension/", {"approve": True}, format="json")
    assert agreed.status_code == 200
    assert Clock.objects.get(case=case, kind="respond").extension_days == 4


def test_others_get_nothing(api, world):
    case = assign(world)
    url = f"/api/v1/cases/{case.reference}"
    for user in (world.other_councillor, world.other_officer, world.administrator):
        client = api(user)
        assert client.get(f"{url}/").status_code == 404
        for action in ("pause", "resume", "request-extension", "approve-extension"):
            response = client.post(f"{url}/{action}/", {"reason": "x"}, format="json")
            assert response.status_code == 404, (user, action)
    assert api(None).post(f"{url}/pause/", {"reason": "x"}, format="json").status_code in {401, 403}


def test_the_list_gives_each_case_its_soonest_running_deadline(api, world):
    """Acknowledged: the next deadline is the full response, not the met acknowledgement."""
    case = assign(world)
    services.case_acknowledge(case=case, by=world.officer)
    rows = api(world.councillor).get("/api/v1/cases/").json()["results"]
    row = next(r for r in rows if r["reference"] == case.reference)
    respond = Clock.objects.get(case=case, kind="respond")
    assert row["next_deadline"] == {"what": "Full response", "due": respond.due_on.isoformat()}


def test_a_met_deadline_says_how_many_working_days_it_took(api, world):
    """Assigned on a Monday morning, acknowledged on Thursday: three working days."""
    import time_machine

    from tests.reports.conftest import at

    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = assign(world)
    with time_machine.travel(at(2026, 3, 5, 11), tick=False):
        services.case_acknowledge(case=case, by=world.officer)
        data = api(world.councillor).get(f"/api/v1/cases/{case.reference}/").json()
    clocks = {c["kind"]: c for c in data["clocks"]}
    assert clocks["acknowledge"]["working_days_taken"] == 3
    assert clocks["respond"]["working_days_taken"] is None
