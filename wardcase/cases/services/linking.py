"""Linking cases about the same issue, unlinking them, and answering every linked case at
once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind
from wardcase.cases.links import linked_case_ids, linked_case_ids_forget
from wardcase.cases.models import Case, CaseLink
from wardcase.cases.services._base import case_action_require, case_event_record, case_save_fields
from wardcase.cases.services.routing import EVENT_RULES, case_add_event
from wardcase.core.errors import NotFound, ServiceError
from wardcase.core.text import clean_long_text
from wardcase.permissions.case_actions import can_link
from wardcase.permissions.visibility import visible_cases_q

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from wardcase.accounts.models import User
    from wardcase.cases.models import CaseEvent


def _lock_pair(case: Case, other: Case | None, by: User) -> tuple[Case, Case, list[int]]:
    """Both cases locked in id order (so two linkers cannot deadlock), and their ids as a
    link stores them; NotFound if `by` may not see the other case."""
    if other is None or not Case.objects.filter(visible_cases_q(by), pk=other.pk).exists():
        raise NotFound(_("No case with that reference."))
    pair: list[int] = sorted([case.pk, other.pk])
    locked = {c.pk: c for c in Case.objects.select_for_update().filter(pk__in=pair)}
    return locked[case.pk], locked[other.pk], pair


@transaction.atomic
def case_link(*, case: Case, other: Case | None, by: User, reason: str = "") -> CaseLink:
    """Link two cases about the same issue instead of duplicating. Both timelines say so.

    The user must see both cases and may link at least the first; each councillor keeps
    their own case, officers and closure.
    """
    if other is not None and other.pk == case.pk:
        raise ServiceError(_("A case cannot be linked to itself"), field="reference")
    linked_case_ids_forget(case, other)
    case, other, (first, second) = _lock_pair(case, other, by)
    case_action_require(allowed=can_link(by, case), message=_("You cannot link this case."))
    if CaseLink.objects.filter(case_a_id=first, case_b_id=second).exists():
        raise ServiceError(_("These cases are already linked"), field="reference")
    now = timezone.now()
    link = CaseLink.objects.create(
        case_a_id=first, case_b_id=second, created_by=by, created_at=now, reason=reason.strip()
    )
    for this, that in ((case, other), (other, case)):
        # The other reference only: the linked case's details stay behind its own rules.
        case_event_record(
            case=this, kind=EventKind.LINKED, by=by, at=now, body=reason.strip(), other=that.pk
        )
        case_save_fields(case=this)
        audit_record(actor=by, action="case.linked", case=this, obj=link, other=that.pk)
    return link


@transaction.atomic
def case_unlink(*, case: Case, other: Case | None, by: User, reason: str) -> None:
    """Undo a link made in error: the cases are not about the same issue after all.

    The same people who may link may unlink, and must say why; both timelines and the
    audit log keep the record of the link and of its removal.
    """
    linked_case_ids_forget(case, other)
    case, other, (first, second) = _lock_pair(case, other, by)
    case_action_require(allowed=can_link(by, case), message=_("You cannot unlink this case."))
    reason = clean_long_text(reason, field="reason", label=_("The reason"))
    if not reason:
        raise ServiceError(_("Say why the cases are not about the same issue"), field="reason")
    removed, _by_model = CaseLink.objects.filter(case_a_id=first, case_b_id=second).delete()
    if not removed:
        raise ServiceError(_("These cases are not linked"), field="reference")
    now = timezone.now()
    for this, that in ((case, other), (other, case)):
        case_event_record(
            case=this, kind=EventKind.UNLINKED, by=by, at=now, body=reason, other=that.pk
        )
        case_save_fields(case=this)
        # The reason stays on the timelines, which retention anonymises; not in the audit log.
        audit_record(actor=by, action="case.unlinked", case=this, other=that.pk)


RESPONSE_KINDS = {EventKind.UPDATE, EventKind.FULL_RESPONSE}


@transaction.atomic
def case_respond_linked(
    *, case: Case, by: User, kind: str, body: str, files: Iterable[UploadedFile[bytes]] = ()
) -> tuple[list[CaseEvent], int]:
    """Send one officer response to a case and to every linked case the officer may answer.

    Each case gets its own entry through `case_add_event`, so each councillor is told and
    keeps their own case and closure. Returns (events, number of linked cases skipped
    because the officer may not answer them).
    """
    if kind not in RESPONSE_KINDS:
        raise ServiceError(_("Choose an update or a full response"), field="kind")
    rule, _visibility = EVENT_RULES[kind]
    events = [case_add_event(case=case, by=by, kind=kind, body=body, files=files)]
    others = Case.objects.filter(pk__in=linked_case_ids(case)).order_by("pk")
    skipped = 0
    for other in others:
        if rule(by, other):
            events.append(case_add_event(case=other, by=by, kind=kind, body=body))
        else:
            skipped += 1
    return events, skipped
