"""Writing the audit log. Called by services inside their transaction."""

from wardcase.audit.actions import AuditAction
from wardcase.audit.models import AuditEntry


def audit_record(*, actor, action: AuditAction | str, case=None, obj=None, **detail):
    """Write one audit entry; `obj` names any other object touched.

    `action` is an `AuditAction`, or its value ("case.shared"): the value is stored.
    """
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=str(action),
        case=case,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )


def audit_case_read(*, user, case, via):
    """A read of a case by anyone other than its owner is audited."""
    if case.owner_id != user.pk:
        audit_record(actor=user, action=AuditAction.CASE_VIEWED, case=case, via=via)
