"""Surgeries: a councillor's session at a place and time, where several cases are logged."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.models import Surgery
from wardcase.cases.services._base import case_action_require
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.text import clean_one_line
from wardcase.permissions.case_actions import can_create_case
from wardcase.permissions.visibility import councillors_user_may_log_for

if TYPE_CHECKING:
    from wardcase.accounts.models import User


def surgery_require_logging(*, surgery: Surgery, by: User, owner: User) -> None:
    """A case may be logged at a surgery only for its councillor, by their side."""
    if surgery.councillor_id != owner.pk:
        raise ServiceError(
            _("That surgery is %(name)s's: log the case for them, or without the surgery.")
            % {"name": surgery.councillor},
            field="surgery",
        )
    if not councillors_user_may_log_for(by).filter(pk=owner.pk).exists():
        raise ActionNotAllowed(_("You cannot log cases for %(name)s.") % {"name": owner})


@transaction.atomic
def surgery_open(*, by: User, councillor: User, place: str, starts_at: datetime) -> Surgery:
    """Open a surgery session for `councillor` (by them or a caseworker acting for them)."""
    case_action_require(allowed=can_create_case(by), message=_("You cannot log cases."))
    if not councillors_user_may_log_for(by).filter(pk=councillor.pk).exists():
        raise ActionNotAllowed(_("You cannot log cases for %(name)s.") % {"name": councillor})
    place = clean_one_line(place, field="place", label=_("The place"), max_length=300)
    if not place:
        raise ServiceError(_("Enter where the surgery is held"), field="place")
    if starts_at is None or starts_at.tzinfo is None:
        raise ServiceError(_("Enter when the surgery starts"), field="starts_at")
    surgery = Surgery.objects.create(
        councillor=councillor, place=place, starts_at=starts_at, opened_by=by
    )
    audit_record(actor=by, action="surgery.opened", obj=surgery, place=place)
    return surgery
