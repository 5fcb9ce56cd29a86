"""Rectification and erasure of a constituent's personal data, each with a recorded reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case
from wardcase.cases.services import case_event_record, case_save_fields
from wardcase.constituents.models import Constituent
from wardcase.constituents.services import ConstituentChanges, constituent_update
from wardcase.core.errors import ServiceError
from wardcase.privacy.anonymise import AnonymisedCounts, anonymise_cases_and_people
from wardcase.privacy.models import AnonymisedCase
from wardcase.privacy.services.access import require_privacy_role

if TYPE_CHECKING:
    from wardcase.accounts.models import User


def _require_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Enter the reason, as the record of this change"), field="reason")
    return reason


def _lock_person(constituent: Constituent) -> Constituent:
    return Constituent.objects.select_for_update().get(pk=constituent.pk)


@transaction.atomic
def constituent_rectify(
    *, constituent: Constituent, by: User, reason: str, **fields: Unpack[ConstituentChanges]
) -> list[str]:
    """Correct a constituent's details. Each of their cases records which fields changed and
    why on its timeline; the old values are not copied anywhere. Returns the changed names."""
    require_privacy_role(user=by)
    reason = _require_reason(reason)
    constituent = _lock_person(constituent)
    if constituent.anonymised_at:
        raise ServiceError(_("This person's details have already been anonymised."))
    changed = constituent_update(constituent=constituent, **fields)
    if not changed:
        return []
    already = AnonymisedCase.objects.filter(case_id=OuterRef("pk"))
    cases = list(constituent.cases.exclude(Exists(already)).select_for_update())
    for case in cases:
        case_event_record(
            case=case,
            kind=EventKind.EDITED,
            by=by,
            body=_("Constituent's details corrected: %(reason)s") % {"reason": reason},
            changed=[f"constituent.{key}" for key in changed],
        )
        case_save_fields(case=case)
        audit_record(
            actor=by, action="privacy.rectified", case=case, changed=changed, reason=reason
        )
    audit_record(
        actor=by, action="privacy.rectified", obj=constituent, changed=changed, reason=reason
    )
    return changed


@transaction.atomic
def constituent_erase(
    *, constituent: Constituent, by: User, reason: str, force: bool = False
) -> AnonymisedCounts:
    """Anonymise a constituent and every case about them now, as retention would later.

    Refused while any of their cases is open, unless `force` (the reason says why).
    Returns the counts of what was anonymised.
    """
    require_privacy_role(user=by)
    reason = _require_reason(reason)
    constituent = _lock_person(constituent)
    if constituent.anonymised_at:
        raise ServiceError(_("This person's details have already been anonymised."))
    cases = Case.objects.filter(constituent=constituent)
    open_refs = list(
        cases.exclude(status=Status.CLOSED)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    if open_refs and not force:
        raise ServiceError(
            _(
                "%(refs)s is still open. Close it first, or confirm that the details must be "
                "erased while it is open."
            )
            % {"refs": ", ".join(open_refs)},
            field="force",
        )
    case_ids = list(cases.values_list("pk", flat=True))
    counts = anonymise_cases_and_people(
        case_ids=case_ids, at=timezone.now(), reason=AnonymisedCase.Reason.ERASURE
    )
    for case in Case.objects.filter(pk__in=case_ids):
        audit_record(actor=by, action="privacy.erased", case=case, reason=reason, forced=force)
    audit_record(
        actor=by, action="privacy.erased", obj=constituent, reason=reason, forced=force, **counts
    )
    return counts
