"""Who may handle privacy work: subject access, rectification, erasure and handover."""

from typing import Any

import rules

from wardcase.accounts.models import Role

PRIVACY_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


@rules.predicate
def can_handle_privacy(user: Any) -> bool:
    """Coordinators (information access) and administrators act for the data controllers."""
    return bool(user and user.is_authenticated and user.is_active and user.role in PRIVACY_ROLES)
