"""Closing and reopening: the councillor's decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind, Outcome, Status
from wardcase.cases.services._base import (
    _answering_officer,
    case_action_require,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.charter import clocks
from wardcase.core.errors import ServiceError
from wardcase.core.notifications import notify_user
from wardcase.core.text import clean_long_text
from wardcase.permissions.case_actions import can_close, can_decline_closure, can_reopen

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.cases.models import Case


@transaction.atomic
def case_close(
    *, case: Case, by: User, outcome: str, comment: str = "", authority: str = ""
) -> Case:
    """Close a case. Only its councillor; a caseworker must record the councillor's authority."""
    if outcome not in Outcome.values:
        raise ServiceError(_("Choose an outcome"), field="outcome")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_close(by, case),
        message=_("Only the councillor who owns this case can close it."),
    )
    authority = (authority or "").strip()
    if by.pk != case.owner_id and not authority:
        raise ServiceError(
            _("Record how %(councillor)s authorised closing this case")
            % {"councillor": case.owner},
            field="authority",
        )
    now = timezone.now()
    case.status, case.outcome, case.closed_at = Status.CLOSED, outcome, now
    clocks.clocks_on_closed(case, now)
    case_event_record(
        case=case,
        kind=EventKind.CLOSED,
        by=by,
        at=now,
        body=(comment or "").strip(),
        outcome=outcome,
        authority=authority,
    )
    case_save_fields(case=case, fields=["status", "outcome", "closed_at"])
    audit_record(actor=by, action="case.closed", case=case, outcome=outcome, authority=authority)
    if case.lead_officer:
        notify_user(
            user=case.lead_officer,
            case=case,
            template="cases/notices/closed.txt",
            context={},
        )
    return case


@transaction.atomic
def case_decline_closure(*, case: Case, by: User, reason: str) -> Case:
    """The councillor's side does not agree to close: the proposal is withdrawn, the
    officer is told what still needs doing, and the charter clocks run again."""
    reason = clean_long_text(reason, field="reason", label=_("The reason"))
    if not reason:
        raise ServiceError(_("Say what still needs doing"), field="reason")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_decline_closure(by, case),
        message=_("Only the councillor's side can answer a proposal to close this case."),
    )
    case.closure_proposed_at = None
    event = case_event_record(case=case, kind=EventKind.CLOSURE_DECLINED, by=by, body=reason)
    clocks.clocks_on_closure_declined(case, event.created_at)
    case_save_fields(case=case, fields=["closure_proposed_at"])
    audit_record(actor=by, action="case.closure_declined", case=case)
    notify_user(
        user=_answering_officer(case),
        case=case,
        template="cases/notices/closure_declined.txt",
        context={"by": by, "reason": reason},
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: User, reason: str, authority: str = "") -> Case:
    reason = clean_long_text(reason, field="reason", label=_("The reason"))
    if not reason:
        raise ServiceError(_("Say why the case is being reopened"), field="reason")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_reopen(by, case),
        message=_("Only the councillor who owns this case can reopen it."),
    )
    authority = (authority or "").strip()
    if by.pk != case.owner_id and not authority:
        raise ServiceError(
            _("Record how %(councillor)s authorised reopening this case")
            % {"councillor": case.owner},
            field="authority",
        )
    case.status = Status.REOPENED
    case.outcome, case.closed_at, case.closure_proposed_at = "", None, None
    event = case_event_record(
        case=case, kind=EventKind.REOPENED, by=by, body=reason, authority=authority
    )
    clocks.clocks_on_reopened(case, event.created_at)
    case_save_fields(case=case, fields=["status", "outcome", "closed_at", "closure_proposed_at"])
    audit_record(actor=by, action="case.reopened", case=case)
    if case.lead_officer:
        notify_user(
            user=case.lead_officer,
            case=case,
            template="cases/notices/reopened.txt",
            context={"by": by, "reason": reason},
        )
    return case
