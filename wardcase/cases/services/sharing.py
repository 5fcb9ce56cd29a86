"""Sharing a case with named colleagues or officers, and ending a share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role
from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind
from wardcase.cases.models import CaseShare
from wardcase.cases.services._base import (
    case_action_require,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.core.errors import ServiceError
from wardcase.core.notifications import notify_user
from wardcase.core.text import clean_long_text
from wardcase.permissions.case_actions import can_share
from wardcase.permissions.grants import forget

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wardcase.accounts.models import User
    from wardcase.cases.models import Case

# Shared councillors see the case read-only; shared officers work on it like additional
# officers; a shared coordinator can route a restricted case.
SHARE_ROLES = {Role.COUNCILLOR, Role.OFFICER, Role.HEAD_OF_SERVICE, Role.COORDINATOR}


def share_candidates(*, case: Case) -> QuerySet[User]:
    """The people a case may be shared with: active councillors and council staff."""
    from wardcase.accounts.models import User

    return (
        User.objects.filter(role__in=SHARE_ROLES, is_active=True)
        .exclude(pk=case.owner_id)
        .exclude(case_shares__case=case, case_shares__revoked_at__isnull=True)
        .order_by("name")
    )


def case_shares_active(*, case: Case) -> QuerySet[CaseShare]:
    """The shares of a case in force now, with who they name."""
    return case.shares.filter(revoked_at__isnull=True).select_related("user", "shared_by")


@transaction.atomic
def case_share(*, case: Case, by: User, user: User | None, reason: str) -> CaseShare:
    """Share `case` with `user` for `reason`. Recorded on the timeline and audited."""
    reason = clean_long_text(reason, field="reason", label=_("The reason"))
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_share(by, case),
        message=_("Only the councillor's side can share this case."),
    )
    if user is None or user.role not in SHARE_ROLES or not user.is_active:
        raise ServiceError(
            _("Choose a councillor or council officer to share the case with"), field="user"
        )
    if user.pk == case.owner_id:
        raise ServiceError(_("The case already belongs to %(name)s") % {"name": user}, field="user")
    if not reason:
        raise ServiceError(_("Say why you are sharing the case"), field="reason")
    if case.shares.filter(user=user, revoked_at__isnull=True).exists():
        raise ServiceError(
            _("The case is already shared with %(name)s") % {"name": user}, field="user"
        )
    now = timezone.now()
    share = CaseShare.objects.create(
        case=case, user=user, reason=reason, shared_by=by, created_at=now
    )
    forget(user)  # the cases shared with them changed
    case_event_record(
        case=case, kind=EventKind.SHARED, by=by, at=now, body=reason, user=user.pk, name=str(user)
    )
    case_save_fields(case=case)
    audit_record(actor=by, action="case.shared", case=case, obj=share, user=user.pk)
    notify_user(
        user=user,
        case=case,
        template="cases/notices/shared.txt",
        context={"by": by, "reason": reason},
    )
    return share


@transaction.atomic
def case_unshare(*, case: Case, by: User, user: User | None, reason: str = "") -> CaseShare:
    """End a share at once. The share row stays as the record of who could see the case."""
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_share(by, case),
        message=_("Only the councillor's side can stop sharing this case."),
    )
    share = (
        case.shares.select_for_update().filter(user=user, revoked_at__isnull=True).first()
        if user is not None
        else None
    )
    if share is None or user is None:
        raise ServiceError(_("The case is not shared with that person"), field="user")
    now = timezone.now()
    share.revoked_at, share.revoked_by = now, by
    share.save(update_fields=["revoked_at", "revoked_by"])
    forget(user)
    case_event_record(
        case=case,
        kind=EventKind.UNSHARED,
        by=by,
        at=now,
        body=clean_long_text(reason, field="reason", label=_("The reason")),
        user=user.pk,
        name=str(user),
    )
    case_save_fields(case=case)
    audit_record(actor=by, action="case.unshared", case=case, obj=share, user=user.pk)
    return share
