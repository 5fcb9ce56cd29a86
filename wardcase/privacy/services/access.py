"""Subject access requests and a departing councillor's export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.models import AuditEntry
from wardcase.audit.services import audit_record
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.permissions.privacy import can_handle_privacy
from wardcase.privacy.export import build_export
from wardcase.privacy.models import SubjectAccessRequest, one_calendar_month_after

if TYPE_CHECKING:
    from datetime import date

    from wardcase.accounts.models import User
    from wardcase.constituents.models import Constituent


def require_privacy_role(*, user: User) -> None:
    """Raise ActionNotAllowed unless `user` may handle personal data requests."""
    if not can_handle_privacy(user):
        raise ActionNotAllowed(
            _("Only coordinators and administrators can handle personal data requests.")
        )


@transaction.atomic
def access_request_open(
    *, constituent: Constituent, by: User, requested_at: date | None, notes: str = ""
) -> SubjectAccessRequest:
    """Record a subject access request; it is due one calendar month after it arrived."""
    require_privacy_role(user=by)
    if constituent.anonymised_at:
        raise ServiceError(_("This person's details have already been anonymised."))
    if requested_at is None:
        raise ServiceError(_("Enter the date the request was received"), field="requested_at")
    if requested_at > timezone.localdate():
        raise ServiceError(
            _("The date the request was received must be today or in the past"),
            field="requested_at",
        )
    request = SubjectAccessRequest.objects.create(
        constituent=constituent,
        requested_at=requested_at,
        received_by=by,
        due_on=one_calendar_month_after(requested_at),
        notes=(notes or "").strip(),
    )
    audit_record(actor=by, action="privacy.access_request_opened", obj=request)
    return request


@transaction.atomic
def access_request_fulfil(*, request: SubjectAccessRequest, by: User) -> SubjectAccessRequest:
    """Mark a request answered. Answering twice keeps the first date."""
    require_privacy_role(user=by)
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if request.fulfilled_at is None:
        request.fulfilled_at = timezone.now()
        request.save(update_fields=["fulfilled_at"])
        audit_record(actor=by, action="privacy.access_request_fulfilled", obj=request)
    return request


def _audit_export(*, by: User, action: str, cases: list[Case], obj: Model) -> None:
    """One entry for the export, and one per case so the case's own history shows it."""
    audit_record(actor=by, action=action, obj=obj, cases=len(cases))
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=by,
                action=action,
                case=case,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
            )
            for case in cases
        ]
    )


@transaction.atomic
def access_request_export(*, request: SubjectAccessRequest, by: User) -> bytes:
    """Everything held on the requester, across all cases, as ZIP bytes; audited."""
    require_privacy_role(user=by)
    constituent = request.constituent
    cases = Case.objects.filter(constituent=constituent)
    content: bytes = build_export(
        title=_("Personal data held about %(name)s") % {"name": constituent.name},
        cases=cases,
        include_internal=True,
        person=constituent,
    )
    _audit_export(by=by, action="privacy.access_request_exported", cases=list(cases), obj=request)
    return content


@transaction.atomic
def councillor_export(*, councillor: User, by: User) -> bytes:
    """A councillor's casework (every case they own) as ZIP bytes, for them to take; audited.

    Internal notes stay out: they are the council's staff records, not the councillor's.
    """
    require_privacy_role(user=by)
    cases = Case.objects.filter(owner=councillor)
    content: bytes = build_export(
        title=_("Casework of %(name)s") % {"name": councillor},
        cases=cases,
        include_internal=False,
    )
    _audit_export(by=by, action="privacy.councillor_exported", cases=list(cases), obj=councillor)
    return content
