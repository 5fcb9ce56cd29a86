"""Writing the audit log. Called by services inside their transaction."""

from typing import Any, Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from wardcase.audit.actions import AuditAction
from wardcase.audit.models import AuditEntry


class Row(Protocol):
    """A saved row the audit log points at. Audit sits below cases, so a case is known
    only by this shape."""

    @property
    def pk(self) -> Any: ...


class OwnedRow(Row, Protocol):
    """A row with an owner: a case, as `audit_case_read` sees it."""

    @property
    def owner_id(self) -> int | None: ...


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction | str,
    case: Row | None = None,
    obj: Model | None = None,
    **detail: object,
) -> AuditEntry:
    """Write one audit entry; `obj` names any other object touched.

    `action` is an `AuditAction`, or its value ("case.shared"): the value is stored.
    """
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=str(action),
        case_id=case.pk if case is not None else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )


def audit_case_read(*, user: AbstractBaseUser | AnonymousUser, case: OwnedRow, via: str) -> None:
    """A read of a case by anyone other than its owner is audited."""
    if case.owner_id != user.pk:
        audit_record(actor=user, action=AuditAction.CASE_VIEWED, case=case, via=via)
