"""Who may configure the council: its wards, departments, glossary, charter terms,
closure days, retention period and letter templates (the *Council settings* pages)."""

from django.utils.translation import gettext as _

from wardcase.accounts.permissions import ADMINISTRATOR_ROLES, is_active_administrator
from wardcase.core.errors import ActionNotAllowed

# Administrators run the council's settings; no other role changes them.
COUNCIL_SETTINGS_ROLES = ADMINISTRATOR_ROLES
can_configure_council = is_active_administrator


def require_council_settings(user):
    """Raise ActionNotAllowed unless `user` may change the council's settings."""
    if not can_configure_council(user):
        raise ActionNotAllowed(_("Only administrators can change the council's settings."))
