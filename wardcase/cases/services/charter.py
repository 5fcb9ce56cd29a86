"""Pausing a case's clocks and asking for more time: the charter's two escape valves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import OPEN_STATUSES, EventKind, Status
from wardcase.cases.services._base import (
    case_action_require,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.charter import clocks
from wardcase.charter.models import Clock, Extension, Pause
from wardcase.core.errors import ServiceError
from wardcase.core.notifications import notify_user
from wardcase.core.text import clean_long_text
from wardcase.permissions.charter import (
    can_decide_extension,
    can_pause,
    can_request_extension,
    can_resume,
)
from wardcase.permissions.visibility import acts_for_owner

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.cases.models import Case

EXTENDABLE = [Clock.Kind.RESPOND, Clock.Kind.RESOLVE]
MAX_EXTENSION_DAYS = 60


def _other_side(case: Case, by: User) -> User | None:
    """Who to tell: the officer when the councillor's side acts, else the councillor."""
    if acts_for_owner(by, case):
        return case.lead_officer
    return case.owner


def _required_text(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    return value


def _status_before(pause: Pause) -> str:
    """The status to go back to on resuming. The charter keeps it as a plain string (it
    does not know the case's statuses): one that is not an open status any more goes
    back to in progress."""
    previous = pause.previous_status
    if previous in OPEN_STATUSES and previous != Status.AWAITING_INFORMATION:
        return previous
    return Status.IN_PROGRESS


@transaction.atomic
def case_pause(*, case: Case, by: User, reason: str) -> Case:
    """Stop the clocks while the case waits for information; the reason goes on the timeline."""
    reason = _required_text(reason, _("Say what information the case is waiting for"), "reason")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_pause(by, case),
        message=_("The clocks on this case cannot be paused now."),
    )
    now = timezone.now()
    Pause.objects.create(
        case=case, started_at=now, started_by=by, reason=reason, previous_status=case.status
    )
    clocks.clocks_pause(case, now)
    case.status = Status.AWAITING_INFORMATION
    case_event_record(case=case, kind=EventKind.PAUSED, by=by, body=reason, at=now)
    case_save_fields(case=case, fields=["status"])
    audit_record(actor=by, action="case.paused", case=case)
    notify_user(
        user=_other_side(case, by),
        case=case,
        template="cases/notices/paused.txt",
        context={"by": by, "reason": reason},
    )
    return case


@transaction.atomic
def case_resume(*, case: Case, by: User, note: str = "") -> Case:
    """Start the clocks again; each deadline moves on by the working days lost."""
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_resume(by, case), message=_("The clocks on this case are not paused.")
    )
    pause = case.pauses.select_for_update().get(ended_at__isnull=True)
    now = timezone.now()
    pause.ended_at, pause.ended_by = now, by
    pause.save(update_fields=["ended_at", "ended_by"])
    fields = clocks.clocks_resume(case, now)
    if case.status == Status.AWAITING_INFORMATION:
        case.status = _status_before(pause)
        fields.append("status")
    note = clean_long_text(note, field="note", label=_("The note"))
    case_event_record(
        case=case, kind=EventKind.RESUMED, by=by, body=note, at=now, response_due=_iso(case)
    )
    case_save_fields(case=case, fields=fields)
    audit_record(actor=by, action="case.resumed", case=case)
    notify_user(
        user=_other_side(case, by),
        case=case,
        template="cases/notices/resumed.txt",
        context={"by": by, "note": note},
    )
    return case


def _iso(case: Case) -> str | None:
    return case.response_due.isoformat() if case.response_due else None


@transaction.atomic
def case_request_extension(
    *, case: Case, by: User, working_days: int, reason: str, kind: str = Clock.Kind.RESPOND
) -> Extension:
    """An officer asks the owning councillor for more working days on a deadline."""
    if kind not in EXTENDABLE:
        raise ServiceError(
            _("Only the response and resolve deadlines can be extended"), field="kind"
        )
    if not isinstance(working_days, int) or not 1 <= working_days <= MAX_EXTENSION_DAYS:
        raise ServiceError(
            _("Ask for between 1 and %(max)s working days") % {"max": MAX_EXTENSION_DAYS},
            field="working_days",
        )
    reason = _required_text(reason, _("Say why more time is needed"), "reason")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_request_extension(by, case),
        message=_("You cannot ask for more time on this case."),
    )
    clock = case.clocks.select_for_update().filter(kind=kind, state__in=Clock.LIVE_STATES).first()
    if clock is None:
        raise ServiceError(_("That deadline has already been met or stopped"), field="kind")
    if clock.extensions.filter(decision=Extension.Decision.PENDING).exists():
        raise ServiceError(
            _("A request for more time is already waiting for the councillor"), field="kind"
        )
    now = timezone.now()
    extension = Extension.objects.create(
        clock=clock, working_days=working_days, reason=reason, requested_by=by, requested_at=now
    )
    case_event_record(
        case=case,
        kind=EventKind.EXTENSION_REQUESTED,
        by=by,
        body=reason,
        at=now,
        clock=kind,
        working_days=working_days,
        due_on=clock.due_on.isoformat(),
    )
    case_save_fields(case=case)
    audit_record(actor=by, action="case.extension_requested", case=case, obj=extension)
    notify_user(
        user=case.owner,
        case=case,
        template="cases/notices/extension_requested.txt",
        context={"by": by, "clock": clock, "extension": extension},
    )
    return extension


@transaction.atomic
def case_decide_extension(*, case: Case, by: User, approve: bool, note: str = "") -> Extension:
    """The owning councillor agrees or refuses the pending request for more time."""
    case = case_lock_for_update(case=case)
    extension = (
        Extension.objects.select_for_update()
        .select_related("clock", "requested_by")
        .filter(clock__case=case, decision=Extension.Decision.PENDING)
        .first()
    )
    if extension is None:
        raise ServiceError(_("There is no request for more time to answer"), field="approve")
    case_action_require(
        allowed=can_decide_extension(by, case),
        message=_("Only the councillor who owns this case can agree more time."),
    )
    now = timezone.now()
    extension.decision = Extension.Decision.APPROVED if approve else Extension.Decision.REFUSED
    extension.decided_by, extension.decided_at = by, now
    extension.decision_note = clean_long_text(note, field="note", label=_("The note"))
    extension.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    clock, fields = extension.clock, []
    if approve and clock.is_live:
        Clock.objects.filter(pk=clock.pk).update(
            extension_days=clock.extension_days + extension.working_days
        )
        fields = clocks.recompute(case)
        clock.refresh_from_db()
    case_event_record(
        case=case,
        kind=EventKind.EXTENSION_DECIDED,
        by=by,
        body=extension.decision_note,
        at=now,
        approved=bool(approve),
        clock=clock.kind,
        working_days=extension.working_days,
        due_on=clock.due_on.isoformat(),
    )
    case_save_fields(case=case, fields=fields)
    audit_record(actor=by, action="case.extension_decided", case=case, approved=bool(approve))
    notify_user(
        user=extension.requested_by,
        case=case,
        template="cases/notices/extension_decided.txt",
        context={"by": by, "clock": clock, "approved": bool(approve)},
    )
    return extension
