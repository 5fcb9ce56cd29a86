"""The case API, each endpoint tried anonymous, as a wrong role, permitted, and cross-owner."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.conftest import acknowledged, assign
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case
from wardcase.constituents.models import Constituent


def url(case, action=""):
    base = f"/api/v1/cases/{case.reference}/"
    return f"{base}{action}/" if action else base


# (action, how to prepare the case, payload, permitted user, a wrong-role user, field checked)
ACTIONS = [
    (
        "assign",
        lambda w: w.case,
        lambda w: {"department": w.department.pk, "lead_officer": w.officer.username},
        "coordinator",
        "officer",
        lambda c: c.status == Status.ASSIGNED,
    ),
    (
        "acknowledge",
        assign,
        lambda w: {"message": "We are looking at it."},
        "officer",
        "councillor",
        lambda c: c.status == Status.ACKNOWLEDGED,
    ),
    (
        "events",
        acknowledged,
        lambda w: {"kind": "full_response", "body": "Repaired on Tuesday."},
        "officer",
        "caseworker",
        lambda c: c.status == Status.RESPONDED,
    ),
    (
        "propose-closure",
        acknowledged,
        lambda w: {"reason": "Repair done."},
        "officer",
        "councillor",
        lambda c: c.closure_proposed_at is not None,
    ),
    (
        "decline-closure",
        lambda w: services.case_propose_closure(
            case=acknowledged(w), by=w.officer, reason="Repair done."
        ),
        lambda w: {"reason": "The kerb is still broken."},
        "councillor",
        "officer",
        lambda c: c.closure_proposed_at is None,
    ),
    (
        "close",
        acknowledged,
        lambda w: {"outcome": "resolved"},
        "councillor",
        "officer",
        lambda c: c.status == Status.CLOSED,
    ),
    (
        "reopen",
        lambda w: services.case_close(case=w.case, by=w.councillor, outcome="withdrawn"),
        lambda w: {"reason": "The resident rang back."},
        "councillor",
        "coordinator",
        lambda c: c.status == Status.REOPENED,
    ),
    (
        "chase",
        assign,
        lambda w: {"message": "Any news?"},
        "councillor",
        "officer",
        lambda c: c.events.filter(kind=EventKind.CHASE).exists(),
    ),
]


@pytest.mark.parametrize(
    "action,prepare,payload,permitted,wrong_role,effect", ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_case_actions_four_ways(
    api, world, action, prepare, payload, permitted, wrong_role, effect
):
    """Anonymous gets 401, a wrong role 403, another councillor 404; the permitted user acts."""
    case = prepare(world)
    body = payload(world)
    assert api().post(url(case, action), body, format="json").status_code == 401
    wrong = api(getattr(world, wrong_role)).post(url(case, action), body, format="json")
    assert wrong.status_code in (403, 404), wrong.content
    assert "detail" in wrong.json()
    cross = api(world.other_councillor).post(url(case, action), body, format="json")
    assert cross.status_code == 404
    case.refresh_from_db()
    assert not effect(case)
    ok = api(getattr(world, permitted)).post(url(case, action), body, format="json")
    assert ok.status_code in (200, 201), ok.content
    case.refresh_from_db()
    assert effect(case)


def test_list_shows_only_visible_cases(api, world):
    """Each user lists only the cases they may see; administrators see none."""

    def refs(user):
        response = api(user).get("/api/v1/cases/")
        assert response.status_code == 200
        return {row["reference"] for row in response.json()["results"]}

    assert api().get("/api/v1/cases/").status_code == 401
    assert refs(world.councillor) == {world.case.reference}
    assert refs(world.caseworker) == {world.case.reference}
    assert refs(world.other_councillor) == {world.other_case.reference}
    assert refs(world.coordinator) == {world.case.reference, world.other_case.reference}
    assert refs(world.officer) == set()
    assert refs(world.administrator) == set()
    assign(world)
    assert refs(world.officer) == {world.case.reference}
    assert refs(world.head) == {world.case.reference}
    assert refs(world.other_officer) == set()


def test_the_list_reads_the_same_for_one_case_as_for_a_page(api, world):
    """A page of cases, each with its people, places and deadlines, costs the reads of
    one: the page's ids, then its rows by those ids and their clocks."""
    assign(world)
    client = api(world.coordinator)

    def reads():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/cases/")
        assert response.status_code == 200
        return len(captured.captured_queries), response.json()

    few, first = reads()
    for _n in range(30):
        factories.CaseFactory(
            owner=world.councillor, department=world.department, lead_officer=world.officer
        )
    many, page = reads()
    assert many == few
    assert page["count"] == first["count"] + 30 == len(page["results"])  # one page of 50
    row = next(r for r in page["results"] if r["lead_officer"])
    assert row["owner"]["name"] and row["lead_officer"]["name"] and row["service"]


def test_retrieve_four_ways_and_audits_reads(api, world):
    """The owner reads without an audit entry; a coordinator's read is audited; others get 404."""
    assert api().get(url(world.case)).status_code == 401
    assert api(world.other_councillor).get(url(world.case)).status_code == 404
    assert api(world.officer).get(url(world.case)).status_code == 404
    assert api(world.administrator).get(url(world.case)).status_code == 404
    owner = api(world.councillor).get(url(world.case))
    assert owner.status_code == 200
    assert owner.json()["constituent"]["name"] == "Ada Resident"
    assert not AuditEntry.objects.filter(action="case.viewed").exists()
    assert api(world.coordinator).get(url(world.case)).status_code == 200
    viewed = AuditEntry.objects.get(action="case.viewed")
    assert viewed.actor == world.coordinator and viewed.case == world.case


def test_missing_case_and_hidden_case_answer_alike(api, world):
    """A case that does not exist and one the user may not see give the same 404."""
    hidden = api(world.other_councillor).get(url(world.case))
    missing = api(world.other_councillor).get("/api/v1/cases/WC-2026-999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_internal_notes_are_not_shown_to_the_councillor(api, world):
    """An officer's internal note is on the timeline for staff but not for the councillor."""
    case = assign(world)
    services.case_add_event(case=case, by=world.officer, kind="note", body="Contractor is slow")
    councillor_view = api(world.councillor).get(url(case)).json()
    officer_view = api(world.officer).get(url(case)).json()
    assert "Contractor is slow" not in [e["body"] for e in councillor_view["timeline"]]
    assert "Contractor is slow" in [e["body"] for e in officer_view["timeline"]]


def test_create_case_as_caseworker_for_councillor(api, world):
    """A caseworker logs a case for the councillor they act for, and gets its reference."""
    body = {
        "owner": world.councillor.username,
        "subject": "Fly-tipping behind the shops",
        "description": "Mattresses dumped again.",
        "service": world.service.pk,
        "constituent": {"name": "Cara Resident", "postcode": "te11st"},
        "enquirer_type": "mp",
    }
    response = api(world.caseworker).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["reference"].startswith("WC-")
    case = Case.objects.get(reference=data["reference"])
    assert case.owner == world.councillor and case.created_by == world.caseworker
    assert case.constituent.postcode == "TE1 1ST"
    assert case.enquirer_type == "mp"


def test_create_case_refused_for_someone_else_and_stores_nothing(api, world):
    """A caseworker cannot log for a councillor they do not act for; officers cannot log."""
    before = Case.objects.count()
    body = {
        "owner": world.other_councillor.username,
        "subject": "x",
        "description": "y",
        "service": world.service.pk,
        "constituent": {"name": "Dee"},
    }
    refused = api(world.caseworker).post("/api/v1/cases/", body, format="json")
    assert refused.status_code == 403
    assert "cannot log cases for" in refused.json()["detail"]
    assert api(world.officer).post("/api/v1/cases/", body, format="json").status_code == 403
    assert api().post("/api/v1/cases/", body, format="json").status_code == 401
    assert Case.objects.count() == before


def test_bad_input_gets_readable_errors(api, world):
    """Missing fields and a bad postcode are named in the message; nothing is stored."""
    before = Case.objects.count()
    response = api(world.councillor).post(
        "/api/v1/cases/", {"subject": "", "constituent": {}}, format="json"
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "subject" in detail and "constituent.name" in detail and "service" in detail
    bad_postcode = api(world.councillor).post(
        "/api/v1/cases/",
        {
            "subject": "s",
            "description": "d",
            "service": world.service.pk,
            "constituent": {"name": "Eve", "postcode": "NOT A POSTCODE"},
        },
        format="json",
    )
    assert bad_postcode.status_code == 400
    assert "postcode" in bad_postcode.json()["detail"]
    assert Case.objects.count() == before


def test_caseworker_close_needs_recorded_authority(api, world):
    """A caseworker's close without the councillor's authority is refused, with it accepted."""
    case = acknowledged(world)
    refused = api(world.caseworker).post(url(case, "close"), {"outcome": "resolved"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "authority"
    accepted = api(world.caseworker).post(
        url(case, "close"),
        {"outcome": "resolved", "authority": "Cllr One by phone, 3 March"},
        format="json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "closed"


def test_closing_twice_is_a_clear_error(api, world):
    """A second close of an already closed case explains itself rather than succeeding."""
    case = acknowledged(world)
    client = api(world.councillor)
    first = client.post(url(case, "close"), {"outcome": "resolved"}, format="json")
    assert first.status_code == 200
    again = client.post(url(case, "close"), {"outcome": "resolved"}, format="json")
    assert again.status_code == 403
    assert "close" in again.json()["detail"]


def test_reference_data_and_me(api, world):
    """Services, departments and me answer signed-in users and refuse anonymous ones."""
    for path in ("/api/v1/services/", "/api/v1/departments/", "/api/v1/me/"):
        assert api().get(path).status_code == 401
    services_list = api(world.councillor).get("/api/v1/services/").json()["results"]
    assert {"id": world.service.pk, "name": "Potholes"}.items() <= services_list[0].items()
    me = api(world.caseworker).get("/api/v1/me/").json()
    assert me["role"] == "caseworker" and me["acts_for"] == ["cllr.one"]


def test_openapi_schema(api, world):
    """The OpenAPI 3 schema describes the case endpoints."""
    response = api(world.councillor).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/cases/{reference}/close/" in text


def test_edit_details_with_version_and_stale_edit_refused(api, world):
    """An edit with the version read is saved; a second edit from the old version is refused."""
    read = api(world.councillor).get(url(world.case)).json()
    first = api(world.caseworker).patch(
        url(world.case),
        {"version": read["version"], "subject": "Pothole on Mill Lane, near the school"},
        format="json",
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == read["version"] + 1
    stale = api(world.councillor).patch(
        url(world.case),
        {"version": read["version"], "subject": "Something else", "constituent": {"phone": "1"}},
        format="json",
    )
    assert stale.status_code == 400
    assert "Someone else changed this case" in stale.json()["detail"]
    world.case.refresh_from_db()
    assert world.case.subject == "Pothole on Mill Lane, near the school"
    assert world.case.constituent.phone == ""


def test_edit_details_four_ways(api, world):
    """Anonymous 401, an officer 403, another councillor 404; the owner corrects the postcode."""
    body = {"version": 1, "constituent": {"postcode": "te1 2ab"}}
    assert api().patch(url(world.case), body, format="json").status_code == 401
    assign(world)
    assert api(world.officer).patch(url(world.case), body, format="json").status_code == 403
    assert (
        api(world.other_councillor).patch(url(world.case), body, format="json").status_code == 404
    )
    ok = api(world.councillor).patch(url(world.case), body, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["constituent"]["postcode"] == "TE1 2AB"
    edited = world.case.events.get(kind="edited")
    assert edited.data["changed"] == ["constituent.postcode"]
    assert "TE1 1ST" not in str(edited.data)


def test_list_filters_by_status_and_rejects_unknown_ones(api, world):
    """?status=open lists open cases; an unknown status is a 400 that lists the valid ones."""
    services.case_close(case=world.case, by=world.councillor, outcome="withdrawn")
    client = api(world.coordinator)
    open_refs = {r["reference"] for r in client.get("/api/v1/cases/?status=open").json()["results"]}
    assert open_refs == {world.other_case.reference}
    closed = client.get("/api/v1/cases/?status=closed").json()["results"]
    assert [r["reference"] for r in closed] == [world.case.reference]
    bad = client.get("/api/v1/cases/?status=finished")
    assert bad.status_code == 400
    assert "awaiting_information" in bad.json()["detail"]


def test_staff_logging_a_case_must_name_the_councillor(api, world):
    """A coordinator who leaves out the owner is told to name the councillor."""
    body = {
        "subject": "s",
        "description": "d",
        "service": world.service.pk,
        "constituent": {"name": "Jo"},
    }
    response = api(world.coordinator).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "owner"
    body["owner"] = world.councillor.username
    assert api(world.coordinator).post("/api/v1/cases/", body, format="json").status_code == 201


def test_the_ready_to_close_list_is_the_home_pages(api, world):
    """`?ready_to_close=true` lists the open cases proposed for closure that the user may
    close: the councillor and their caseworker get it; an officer, a coordinator and a
    ward colleague who sees the case by consent get none."""
    case = services.case_propose_closure(case=acknowledged(world), by=world.officer, reason="Done")
    Case.objects.filter(pk=case.pk).update(consent_share_ward=True)
    assign(world, world.other_case)  # open, not proposed

    def refs(user):
        response = api(user).get("/api/v1/cases/?ready_to_close=true")
        assert response.status_code == 200
        return [row["reference"] for row in response.json()["results"]]

    assert refs(world.councillor) == [case.reference]
    assert refs(world.caseworker) == [case.reference]
    for user in (world.officer, world.coordinator, world.other_councillor):
        assert refs(user) == []
    # The ward colleague does see the case; it is just not theirs to close.
    seen = api(world.other_councillor).get("/api/v1/cases/").json()["results"]
    assert case.reference in [row["reference"] for row in seen]
    assert api().get("/api/v1/cases/?ready_to_close=true").status_code == 401


def test_create_case_for_a_repeat_caller_by_constituent_id(api, world):
    """The API links an existing person by id through the same service; someone another
    councillor's case names is refused as unknown, and the two are not given together."""
    people = Constituent.objects.count()
    body = {
        "subject": "Pothole again",
        "description": "Back again after the repair.",
        "service": world.service.pk,
        "constituent_id": world.case.constituent_id,
    }
    response = api(world.councillor).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()["reference"])
    assert case.constituent_id == world.case.constituent_id
    assert Constituent.objects.count() == people
    body["constituent_id"] = world.other_case.constituent_id
    refused = api(world.councillor).post("/api/v1/cases/", body, format="json")
    assert refused.status_code == 400 and "constituent_id" in refused.content.decode()
    both = {**body, "constituent": {"name": "Ada Resident"}}
    assert api(world.councillor).post("/api/v1/cases/", both, format="json").status_code == 400
    # Neither is a member's own query (tests/cases/test_own_query.py): no person at all.
    del body["constituent_id"]
    own = api(world.councillor).post("/api/v1/cases/", body, format="json")
    assert own.status_code == 201 and own.json()["constituent"] is None
    assert Constituent.objects.count() == people
