"""Handing a departing councillor's open cases to a successor, case by case, with consent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role
from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case
from wardcase.cases.services import case_event_record, case_save_fields
from wardcase.core.errors import ServiceError
from wardcase.privacy.services.access import require_privacy_role

if TYPE_CHECKING:
    from wardcase.accounts.models import User


@transaction.atomic
def cases_hand_over(
    *,
    councillor: User,
    successor: User | None,
    case_ids: Iterable[int | str],
    consented_ids: Iterable[int | str],
    by: User,
) -> list[Case]:
    """Give the chosen open cases of `councillor` to `successor`.

    Every case handed over must have the constituent's consent confirmed; the timeline and
    the audit log record who handed it over, to whom, and that consent was given.
    Returns the cases handed over.
    """
    require_privacy_role(user=by)
    case_ids, consented_ids = {int(pk) for pk in case_ids}, {int(pk) for pk in consented_ids}
    if not case_ids:
        raise ServiceError(_("Choose at least one case to hand over"), field="cases")
    if successor is None or successor.role != Role.COUNCILLOR or not successor.is_active:
        raise ServiceError(_("Choose the councillor taking the cases over"), field="successor")
    if successor.pk == councillor.pk:
        raise ServiceError(
            _("Choose a different councillor to take the cases over"), field="successor"
        )
    cases = list(
        Case.objects.select_for_update()
        .filter(pk__in=case_ids, owner=councillor)
        .exclude(status=Status.CLOSED)
        .order_by("reference")
    )
    if len(cases) != len(case_ids):
        raise ServiceError(
            _("Some of the chosen cases are no longer open cases of %(name)s: check the list")
            % {"name": councillor},
            field="cases",
        )
    missing = [case.reference for case in cases if case.pk not in consented_ids]
    if missing:
        raise ServiceError(
            _("Confirm the constituent consented to the handover of %(refs)s")
            % {"refs": ", ".join(missing)},
            field="cases",
        )
    for case in cases:
        case.owner = successor
        case_event_record(
            case=case,
            kind=EventKind.EDITED,
            by=by,
            body=_("Handed over from %(from)s to %(to)s with the constituent's consent.")
            % {"from": councillor, "to": successor},
            changed=["owner"],
            before={"owner": str(councillor)},
            consent_recorded_by=by.pk,
        )
        case_save_fields(case=case, fields=["owner"])
        audit_record(
            actor=by,
            action="privacy.handed_over",
            case=case,
            previous_owner=councillor.pk,
            new_owner=successor.pk,
            constituent_consented=True,
        )
    return cases
