"""Routing a case and the officer's side of answering it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role, User
from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind, Status, Visibility
from wardcase.cases.services._base import (
    case_action_require,
    case_attachments_store,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.cases.uploads import check_uploads
from wardcase.charter import clocks
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.notifications import Notice, notify_many, notify_user
from wardcase.core.text import clean_long_text
from wardcase.permissions.case_actions import (
    can_acknowledge,
    can_add_internal_note,
    can_assign,
    can_message_as_member,
    can_officer_respond,
    can_send_back,
)
from wardcase.permissions.grants import forget

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from wardcase.cases.models import Case, CaseEvent
    from wardcase.directory.models import Department


def _helper_ids(case: Case) -> list[int]:
    return sorted(case.additional_officers.values_list("pk", flat=True))


def _routing(case: Case, *, helpers: list[int] | None = None) -> dict[str, object]:
    """Where the case stood, for the timeline and the audit entry of a change of route."""
    return {
        "department": case.department_id,
        "lead_officer": case.lead_officer_id,
        "additional_officers": _helper_ids(case) if helpers is None else helpers,
    }


def _helpers_set(case: Case, officers: list[User]) -> None:
    """Set the additional officers; those leaving and joining hold other cases now."""
    for officer in [*case.additional_officers.all(), *officers]:
        forget(officer)
    case.additional_officers.set(officers)


@transaction.atomic
def case_assign(
    *,
    case: Case,
    by: User,
    department: Department | None,
    lead_officer: User | None,
    additional_officers: Iterable[User] = (),
    reason: str = "",
) -> Case:
    """Route a case to a department and lead officer. Reassignment is kept on the timeline."""
    case = case_lock_for_update(case=case)
    case_action_require(allowed=can_assign(by, case), message=_("You cannot assign this case."))
    if department is None:
        raise ServiceError(_("Choose a department"), field="department")
    if lead_officer is None:
        raise ServiceError(_("Choose a lead officer"), field="lead_officer")
    if lead_officer.role not in {Role.OFFICER, Role.HEAD_OF_SERVICE} or not lead_officer.is_active:
        raise ServiceError(_("The lead officer must be an active officer"), field="lead_officer")
    if lead_officer.department_id != department.pk:
        raise ServiceError(
            _("%(officer)s is not in %(department)s")
            % {"officer": lead_officer, "department": department},
            field="lead_officer",
        )
    extras = [o for o in additional_officers if o.pk != lead_officer.pk]
    if any(o.role not in {Role.OFFICER, Role.HEAD_OF_SERVICE} for o in extras):
        raise ServiceError(_("Additional officers must be officers"), field="additional_officers")
    if by.role == Role.HEAD_OF_SERVICE and department.pk != case.department_id:
        raise ActionNotAllowed(_("Only a coordinator can move a case to another department."))

    previous_helpers = _helper_ids(case)
    previous = _routing(case, helpers=previous_helpers)
    case_lead_before = case.lead_officer_id
    lead_changed = case_lead_before != lead_officer.pk
    now = timezone.now()
    case.department, case.lead_officer = department, lead_officer
    fields = ["department", "lead_officer"]
    if case.status in {Status.NEW, Status.REOPENED} or lead_changed and not case.acknowledged_at:
        case.status = Status.ASSIGNED
        fields.append("status")
    if case.assigned_at is None or (lead_changed and not case.acknowledged_at):
        restart = case.assigned_at is not None
        case.assigned_at = now
        fields += ["assigned_at", *clocks.clocks_on_assignment(case, now, restart=restart)]
    _helpers_set(case, extras)
    case_event_record(
        case=case,
        kind=EventKind.ASSIGNED,
        by=by,
        at=now,
        body=reason,
        department=department.name,
        lead_officer=str(lead_officer),
        lead_officer_id=lead_officer.pk,
        additional_officers=[str(o) for o in extras],
        previous=previous,
    )
    case_save_fields(case=case, fields=fields)
    audit_record(actor=by, action="case.assigned", case=case, previous=previous)
    # Everyone newly on the case hears of it: the lead, and each officer added to help.
    was_on = {case_lead_before, *previous_helpers}
    newly_on = [lead_officer] if lead_changed else []
    newly_on += [officer for officer in extras if officer.pk not in was_on]
    notify_many(
        notices=[
            Notice(
                user=officer,
                case=case,
                template="cases/notices/assigned.txt",
                context={"by": by, "additional": officer.pk != lead_officer.pk},
            )
            for officer in newly_on
        ]
    )
    return case


@transaction.atomic
def case_send_back(*, case: Case, by: User, reason: str) -> Case:
    """An officer or head of service returns a mis-routed case to the coordinators' new
    list, unassigned, saying why; the councillor sees it on the timeline.

    The clocks keep running: the constituent's wait does not stop because the council
    routed the case wrongly (the resolve clock counts from the first assignment, and a
    late one escalates to the coordinators who now hold it). When it is assigned again
    before anyone acknowledged it, the acknowledge and response clocks start afresh for
    the new officer, as for any reassignment before acknowledgement.
    """
    reason = clean_long_text(reason, field="reason", label=_("The reason"))
    if not reason:
        raise ServiceError(_("Say why the case is not for your department"), field="reason")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_send_back(by, case), message=_("You cannot send this case back.")
    )
    previous = _routing(case)
    department = case.department.name if case.department else ""
    case.department = case.lead_officer = None
    case.status = Status.NEW
    _helpers_set(case, [])
    case_event_record(
        case=case,
        kind=EventKind.SENT_BACK,
        by=by,
        body=reason,
        department=department,
        previous=previous,
    )
    case_save_fields(case=case, fields=["department", "lead_officer", "status"])
    audit_record(actor=by, action="case.sent_back", case=case, previous=previous)
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True)
    notify_many(
        notices=[
            Notice(
                user=coordinator,
                case=case,
                template="cases/notices/sent_back.txt",
                context={"by": by, "reason": reason, "department": department},
            )
            for coordinator in coordinators
        ]
    )
    return case


@transaction.atomic
def case_acknowledge(
    *,
    case: Case,
    by: User,
    message: str = "",
    at: datetime | None = None,
    via: str = "web",
    inbound_message: int | None = None,
) -> Case:
    """The officer acknowledges the case, meeting its acknowledge clock at `at` (default
    now: an emailed reply passes the time the mail was received). `via` says how it came
    ("web", "api", "email"), on the timeline and in the audit log, with the id of the
    inbound message that did it."""
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_acknowledge(by, case), message=_("This case cannot be acknowledged now.")
    )
    # Never in the future, nor before the case reached the officer.
    now = timezone.now()
    at = min(at or now, now)
    if case.assigned_at:
        at = max(at, case.assigned_at)
    case.status, case.acknowledged_at = Status.ACKNOWLEDGED, at
    source: dict[str, Any] = {
        "via": via,
        **({"inbound_message": inbound_message} if inbound_message else {}),
    }
    clocks.clocks_on_acknowledged(case, case.acknowledged_at)
    case_event_record(
        case=case,
        kind=EventKind.ACKNOWLEDGED,
        by=by,
        body=message.strip(),
        at=case.acknowledged_at,
        **source,
    )
    case_save_fields(case=case, fields=["status", "acknowledged_at"])
    audit_record(actor=by, action="case.acknowledged", case=case, **source)
    notify_user(
        user=case.owner,
        case=case,
        template="cases/notices/acknowledged.txt",
        context={"by": by},
    )
    return case


# Keyed by EventKind; looked up by the kind a form or the API sends, a plain str.
EVENT_RULES: dict[str, tuple[Callable[..., bool], Visibility]] = {
    EventKind.NOTE: (can_add_internal_note, Visibility.INTERNAL),
    EventKind.UPDATE: (can_officer_respond, Visibility.EVERYONE),
    EventKind.FULL_RESPONSE: (can_officer_respond, Visibility.EVERYONE),
    EventKind.MEMBER_MESSAGE: (can_message_as_member, Visibility.EVERYONE),
}

# Who hears of a new entry, and in which words: (template, to the owner? else the officer).
ENTRY_NOTICES: dict[str, tuple[str, bool]] = {
    EventKind.UPDATE: ("cases/notices/update.txt", True),
    EventKind.FULL_RESPONSE: ("cases/notices/response.txt", True),
    EventKind.MEMBER_MESSAGE: ("cases/notices/member_message.txt", False),
}


@transaction.atomic
def case_add_event(
    *, case: Case, by: User, kind: str, body: str, files: Iterable[UploadedFile[bytes]] = ()
) -> CaseEvent:
    """Add a note, an officer update, a full response or a councillor's message."""
    if kind not in EVENT_RULES:
        raise ServiceError(_("Choose what kind of entry this is"), field="kind")
    rule, visibility = EVENT_RULES[kind]
    body = clean_long_text(body, field="body", label=_("The entry"))
    if not body:
        raise ServiceError(_("Enter the text of the entry"), field="body")
    checked = check_uploads(files)
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=rule(by, case), message=_("You cannot add this kind of entry to this case.")
    )
    event = case_event_record(case=case, kind=kind, by=by, body=body, visibility=visibility)
    fields = []
    if kind in {EventKind.UPDATE, EventKind.FULL_RESPONSE} and not case.acknowledged_at:
        case.acknowledged_at = event.created_at
        fields.append("acknowledged_at")
    # An update while the case awaits information leaves it waiting (and its clocks paused).
    if kind == EventKind.UPDATE and case.status not in {
        Status.RESPONDED,
        Status.AWAITING_INFORMATION,
    }:
        case.status = Status.IN_PROGRESS
        fields.append("status")
    if kind == EventKind.FULL_RESPONSE:
        case.status = Status.RESPONDED
        case.responded_at = case.responded_at or event.created_at
        fields += ["status", "responded_at"]
    if kind in {EventKind.UPDATE, EventKind.FULL_RESPONSE}:
        full = kind == EventKind.FULL_RESPONSE
        clocks.clocks_on_officer_entry(case, event.created_at, full_response=full)
    case_save_fields(case=case, fields=fields)
    case_attachments_store(case=case, event=event, uploads=checked, by=by)
    audit_record(actor=by, action=f"case.{kind}", case=case, obj=event)
    if kind in ENTRY_NOTICES:
        template, to_owner = ENTRY_NOTICES[kind]
        notify_user(
            user=case.owner if to_owner else case.lead_officer,
            case=case,
            template=template,
            context={"by": by, "text": body},
        )
    return event


@transaction.atomic
def case_propose_closure(*, case: Case, by: User, reason: str) -> Case:
    reason = clean_long_text(reason, field="reason", label=_("The reason"))
    if not reason:
        raise ServiceError(_("Say why the case can be closed"), field="reason")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_officer_respond(by, case),
        message=_("You cannot propose closing this case."),
    )
    case.closure_proposed_at = timezone.now()
    clocks.clocks_on_closure_proposed(case, case.closure_proposed_at)
    case_event_record(
        case=case, kind=EventKind.CLOSURE_PROPOSED, by=by, body=reason, at=case.closure_proposed_at
    )
    case_save_fields(case=case, fields=["closure_proposed_at"])
    audit_record(actor=by, action="case.closure_proposed", case=case)
    notify_user(
        user=case.owner,
        case=case,
        template="cases/notices/closure_proposed.txt",
        context={"by": by, "reason": reason},
    )
    return case
