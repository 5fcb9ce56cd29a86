"""The IDOR matrix: every object URL of the web URLconf and every object endpoint of the API
(found by walking the URLconf, so new routes are covered without editing this file), tried
by every role against an object that role must not reach, with GET and POST (and the other
methods the API route declares). Every answer must be 403, 404 or 405, and nothing in the
database may change. Run with -s to see `K requests, 0 unauthorised`.
"""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.test_url_permissions import routes
from wardcase.accounts.models import Cover
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.models import Attachment, Case, CaseEvent, Surgery
from wardcase.directory.models import Department, Service
from wardcase.mail.models import OutboxMessage
from wardcase.mail.models_inbound import DraftCase, InboundMessage
from wardcase.permissions.visibility import visible_cases_q
from wardcase.privacy.models import SubjectAccessRequest
from wardcase.search.models import SavedSearch

ROLES = [
    "councillor",
    "other_councillor",
    "caseworker",
    "coordinator",
    "officer",
    "other_officer",
    "head",
    "administrator",
]
# Roles that may by design see every case (a coordinator routes them all): no case is out of
# their reach, so they are tried only against objects outside every role's reach.
SEES_EVERY_CASE = {"coordinator"}
REFUSED = {403, 404, 405}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def form_data(world):
    """Whatever any state-changing form or endpoint might want, valid where it can be, so a
    refusal is the permission check's and not a validation error's."""
    return {
        "kind": "note",
        "body": "Trying someone else's case.",
        "message": "Trying someone else's case.",
        "reason": "Trying someone else's case.",
        "outcome": "resolved",
        "department": world.department.pk,
        "lead_officer": world.officer.username,
        "subject": "Changed by someone who cannot see it",
        "description": "Changed by someone who cannot see it",
        "version": 1,
    }


@pytest.fixture
def matrix_world(world):
    """The world, with each case out of some role's reach, an attachment on each, and closed
    directory entries (which the API does not serve)."""
    services.case_assign(
        case=world.other_case,
        by=world.coordinator,
        department=world.other_department,
        lead_officer=world.other_officer,
    )
    restricted = services.case_create(
        by=world.other_councillor,
        owner=world.other_councillor,
        subject="Safeguarding concern",
        description="Sensitive.",
        service=world.service,
        constituent={"name": "Carol Resident"},
    )
    Case.objects.filter(pk=restricted.pk).update(restricted=True)
    world.candidates = [world.case, world.other_case, Case.objects.get(pk=restricted.pk)]
    for case in world.candidates:
        services.case_attach(
            case=case, by=case.owner, files=[SimpleUploadedFile("letter.pdf", PDF)]
        )
    world.closed_department = factories.DepartmentFactory(
        council=world.council, name="Abolished", active=False
    )
    world.closed_service = factories.ServiceFactory(
        department=world.department, name="Withdrawn service", active=False
    )
    _other_objects(world)
    return world


def _other_objects(world):
    """One of each other kind of object, owned so that each role has one out of reach."""
    today = timezone.localdate()
    third = factories.CouncillorFactory(username="cllr.three", name="Cllr Three")
    world.covers = [
        Cover.objects.create(
            councillor=owner,
            deputy=deputy,
            starts_on=today,
            ends_on=today + timedelta(days=7),
            created_by=owner,
        )
        for owner, deputy in ((world.councillor, world.caseworker), (world.other_councillor, third))
    ]
    world.drafts = []
    for councillor in (world.councillor, world.other_councillor):
        message = _inbound(f"draft for {councillor.username}")
        world.drafts.append(
            DraftCase.objects.create(
                forwarded_by=councillor, owner=councillor, inbound=message, subject="Forwarded"
            )
        )
    world.quarantined = _inbound("quarantined", state=InboundMessage.State.QUARANTINED)
    world.surgeries = [
        Surgery.objects.create(
            councillor=councillor, place="Library", starts_at=timezone.now(), opened_by=councillor
        )
        for councillor in (world.councillor, world.other_councillor)
    ]
    world.case_emails = {
        case.pk: _inbound(f"on {case.reference}", case=case) for case in world.candidates
    }
    world.access_request = SubjectAccessRequest.objects.create(
        constituent=world.case.constituent,
        requested_at=today,
        received_by=world.coordinator,
        due_on=today + timedelta(days=30),
    )
    world.saved_search = SavedSearch.objects.create(user=third, name="Mine", querystring="q=a")


def _inbound(text, *, state=InboundMessage.State.PROCESSED, case=None):
    raw = f"From: someone@example.org\nSubject: {text}\n\n{text}\n".encode()
    return InboundMessage.objects.create(
        source=InboundMessage.Source.FILE,
        sha256=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        size=len(raw),
        subject=text,
        state=state,
        case=case,
    )


def _not_theirs(objects, user, *owner_fields):
    """The first object none of whose owner fields is the user or a councillor they act for."""
    acting = {user.pk, *user.acts_for.values_list("pk", flat=True)}
    return next(
        o for o in objects if not any(getattr(o, f"{f}_id") in acting for f in owner_fields)
    )


def other_object(path, world, user):
    """For a route outside the cases, the pk (or slug) of an object this user must not
    reach; None where the role may by design reach every object of that kind."""
    overseer = user.role in {"coordinator", "administrator"}
    if path.startswith("accounts/cover/"):
        return _not_theirs(world.covers, user, "councillor", "deputy").pk
    if path.startswith("charter/queues/"):
        if user.role == "coordinator":
            return None
        return world.other_officer.username if user.role == "head_of_service" else "officer"
    if path.startswith("mail/drafts/"):
        return _not_theirs(world.drafts, user, "forwarded_by", "owner").pk
    if path.startswith("mail/quarantine/"):
        return None if user.role == "coordinator" else world.quarantined.pk
    if path.startswith(("privacy/", "api/v1/privacy/")):
        if overseer:
            return None
        if path.startswith(("privacy/requests/", "api/v1/privacy/access-requests/")):
            return world.access_request.pk
        if path.startswith("privacy/councillors/"):
            return world.councillor.pk
        return world.case.constituent_id
    if path.startswith("cases/surgeries/"):
        if user.role == "coordinator":
            return None  # logs cases for any councillor, at any of their surgeries
        return _not_theirs(world.surgeries, user, "councillor").pk
    if path.startswith("help/"):
        return None  # public: the same words for everyone, no object behind them
    if path.startswith("search/saved/"):
        return world.saved_search.pk
    if path.startswith("council/users/"):
        return None if user.role == "administrator" else world.councillor.pk
    if path.startswith(("accounts/invitation/", "accounts/password-reset/")):
        return None  # public: the single-use token in the link is the permission
    if path.startswith("council/"):
        # Council settings: administrators configure every object; any other role is
        # refused by role before the object is looked up, so a real id of any kind will do.
        return None if user.role == "administrator" else world.department.pk
    return "unknown"


def target_case(world, user):
    """A case this user may not see, or None if they may see every case."""
    visible = set(Case.objects.filter(visible_cases_q(user)).values_list("pk", flat=True))
    return next((case for case in world.candidates if case.pk not in visible), None)


def fill(route, world, case, user=None):
    """The route's path with each parameter naming an object out of reach."""
    path = route.replace("^", "").replace("$", "")
    names = [a or b for a, b in PARAMETER.findall(path)]
    values = {}
    for name in names:
        if name == "reference":
            if case is None:
                return None
            values[name] = case.reference
        elif name == "pk" and "/emails/" in path:
            values[name] = str(world.case_emails[case.pk].pk) if case else None
        elif name == "pk" and "reference" in names:
            values[name] = str(case.attachments.first().pk) if case else None
        elif name == "pk" and path.startswith("api/v1/departments/"):
            values[name] = str(world.closed_department.pk)
        elif name == "pk" and path.startswith("api/v1/services/"):
            values[name] = str(world.closed_service.pk)
        elif user is not None and (found := other_object(path, world, user)) != "unknown":
            values[name] = None if found is None else str(found)
        else:
            pytest.fail(
                f"The IDOR matrix does not know what {name!r} in {route!r} names: teach "
                "fill() which object of that kind a user must not reach."
            )
    if None in values.values():
        return None
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", value, path)
    return "/" + path


def methods_for(pattern):
    actions = getattr(pattern.callback, "actions", None) or {}
    return ["get", "post", *sorted(m for m in actions if m not in ("get", "post"))]


def database_state():
    """Everything a request could change, in a few counts and the cases' versions."""
    return (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Attachment.objects.count(),
        OutboxMessage.objects.count(),
        AuditEntry.objects.filter(action__startswith="case.").exclude(action="case.viewed").count(),
        tuple(Case.objects.order_by("pk").values_list("pk", "status", "version", "modified_at")),
        Department.objects.filter(active=True).count(),
        Service.objects.filter(active=True).count(),
        SavedSearch.objects.count(),
    )


def test_no_role_reaches_an_object_it_must_not(matrix_world):
    """Every object route x every role x GET/POST(/PATCH): only 403, 404 or 405, no change."""
    world = matrix_world
    object_routes = [
        (route, pattern) for route, _ns, pattern in routes() if PARAMETER.search(route)
    ]
    assert len(object_routes) >= 20, "the URLconf walk found too few object routes"
    data = form_data(world)
    tried, unauthorised, roles_without_case = 0, [], []
    for role in ROLES:
        user = getattr(world, role)
        case = target_case(world, user)
        if case is None:
            roles_without_case.append(role)
        client = Client()
        client.force_login(user)
        for route, pattern in object_routes:
            path = fill(route, world, case, user)
            if path is None:
                continue
            for method in methods_for(pattern):
                before = database_state()
                if path.startswith("/api/"):
                    response = getattr(client, method)(path, data, content_type="application/json")
                else:
                    response = getattr(client, method)(path, data)
                tried += 1
                changed = database_state() != before
                if response.status_code not in REFUSED or changed:
                    unauthorised.append((role, method.upper(), path, response.status_code, changed))
    print(f"\nIDOR matrix: {tried} requests, {len(unauthorised)} unauthorised")
    if roles_without_case:
        print(
            f"  (roles that may see every case, tried on closed directory entries only: "
            f"{', '.join(roles_without_case)})"
        )
    assert unauthorised == []
    assert set(roles_without_case) <= SEES_EVERY_CASE
    assert tried > 200


def test_lists_never_show_a_case_out_of_reach(matrix_world):
    """The dashboard and the API's case list never mention a case the user may not see."""
    world = matrix_world
    list_routes = ["/", "/api/v1/cases/"]
    for role in ROLES:
        user = getattr(world, role)
        case = target_case(world, user)
        if case is None:
            continue
        client = Client()
        client.force_login(user)
        for path in list_routes:
            response = client.get(path, follow=True)  # an administrator's home redirects
            assert response.status_code == 200, (role, path)
            assert case.reference.encode() not in response.content, (role, path)
            assert case.subject.encode() not in response.content, (role, path)


def test_the_matrix_would_see_a_leak(matrix_world):
    """Control: the same paths filled with a case the user may see are served (200), so the
    matrix's refusals come from the permission checks, not from bad paths."""
    world = matrix_world
    client = Client()
    client.force_login(world.councillor)
    served = {}
    for route, _ns, pattern in routes():
        if "reference" in route and "get" in methods_for(pattern):
            path = fill(route, world, world.case)
            served[path] = client.get(path).status_code
    reference = world.case.reference
    attachment = world.case.attachments.first().pk
    assert served[f"/cases/{reference}/"] == 200
    assert served[f"/cases/{reference}/attachments/{attachment}/"] == 200
    assert served[f"/api/v1/cases/{reference}/"] == 200


SEND_BACK_ANSWERS = {
    # Sees the case but may not send it back: 403. Cannot see it: 404.
    "councillor": 403,
    "caseworker": 403,
    "coordinator": 403,
    "other_councillor": 404,
    "other_officer": 404,
    "administrator": 404,
}


def test_send_back_answers_each_role_as_the_matrix_expects(matrix_world):
    """POST send-back, web and API: refused as the matrix expects for everyone but the
    officers working on the case, and nothing changes; the lead officer's succeeds."""
    world = matrix_world
    services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
    )
    paths = [
        f"/cases/{world.case.reference}/send-back/",
        f"/api/v1/cases/{world.case.reference}/send-back/",
    ]
    wrong = []
    for role, expected in SEND_BACK_ANSWERS.items():
        client = Client()
        client.force_login(getattr(world, role))
        for path in paths:
            before = database_state()
            response = (
                client.post(path, {"reason": "Not ours"}, content_type="application/json")
                if path.startswith("/api/")
                else client.post(path, {"reason": "Not ours"})
            )
            if response.status_code != expected or database_state() != before:
                wrong.append((role, path, response.status_code))
    assert wrong == []
    client = Client()
    client.force_login(world.officer)
    response = client.post(
        paths[1], {"reason": "Parks, not highways"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "new"
