"""Who may configure the council: its wards, departments, glossary, charter terms,
closure days, retention period and letter templates (the *Council settings* pages)."""

import rules
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role
from wardcase.core.errors import ActionNotAllowed

COUNCIL_SETTINGS_ROLES = {Role.ADMINISTRATOR}


@rules.predicate
def can_configure_council(user):
    """Administrators run the council's settings; no other role changes them."""
    return bool(
        user and user.is_authenticated and user.is_active and user.role in COUNCIL_SETTINGS_ROLES
    )


def require_council_settings(user):
    """Raise ActionNotAllowed unless `user` may change the council's settings."""
    if not can_configure_council(user):
        raise ActionNotAllowed(_("Only administrators can change the council's settings."))
