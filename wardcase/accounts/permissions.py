"""Who may run the council's people: the administrator role.

Roles live in accounts, the lowest layer that knows them, so every app that needs the
rule (the users pages here, the council settings pages) imports it from here rather
than comparing roles itself. `wardcase.permissions.registry` registers it with
django-rules, so templates can ask `perms`.
"""

import rules

from wardcase.accounts.models import Role

ADMINISTRATOR_ROLES = {Role.ADMINISTRATOR}


@rules.predicate
def is_active_administrator(user):
    """The one "is an administrator" rule: an active user with the administrator role.
    A superuser without the role uses the Django admin instead."""
    return bool(
        user and user.is_authenticated and user.is_active and user.role in ADMINISTRATOR_ROLES
    )


# Administrators invite people, change roles, switch accounts off and on, reset a lost
# authenticator and unlock a locked-out user.
can_manage_users = is_active_administrator
