"""Who may read the audit log: the roles that answer for it."""

from typing import Any

import rules
from django.db.models import QuerySet

from wardcase.accounts.models import Role

AUDIT_READER_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


@rules.predicate
def can_read_audit(user: Any) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.role in AUDIT_READER_ROLES
    )


def restrict_audit(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """The whole log for its readers; nothing for anyone else."""
    if action != "view":
        raise ValueError(f"AuditEntry rows are restricted for viewing only, not {action!r}.")
    return queryset if can_read_audit(user) else queryset.none()
