"""Who sees reports, by what they may group them, and which cases a report counts.

Reports show only aggregates, never case content, so they are scoped by role rather
than by `visible_cases_q`: coordinators and administrators count the whole council, heads
of service their own departments, councillors their own ward. Figures per councillor are
for that councillor alone and for the roles a council lists in
WARDCASE_REPORTS_PER_COUNCILLOR_ROLES.
"""

from typing import Any

import rules
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role
from wardcase.core.errors import ActionNotAllowed
from wardcase.permissions.grants import departments_run_by

REPORT_ROLES = {Role.COORDINATOR, Role.HEAD_OF_SERVICE, Role.COUNCILLOR, Role.ADMINISTRATOR}


@rules.predicate
def may_see_reports(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in REPORT_ROLES)


def may_group_by_councillor(user: Any) -> bool:
    """The councillor themself (their own figures), or a role the council has enabled."""
    if not may_see_reports(user):
        return False
    return (
        user.role == Role.COUNCILLOR or user.role in settings.WARDCASE_REPORTS_PER_COUNCILLOR_ROLES
    )


def groups_for(user: Any, names: list[str]) -> list[str]:
    """The grouping choices, of `names`, this user may pick."""
    return [n for n in names if n != "councillor" or may_group_by_councillor(user)]


def case_scope(*, user: Any, group: str, prefix: str = "") -> Q:
    """A filter on Case (or, with `prefix` "case__", on what points to a case): the cases
    this user's report counts when grouped by `group`."""
    if not may_see_reports(user):
        raise ActionNotAllowed(_("You cannot see reports."))
    if group == "councillor":
        if not may_group_by_councillor(user):
            raise ActionNotAllowed(_("You cannot see figures per councillor."), field="group")
        if user.role == Role.COUNCILLOR:
            return Q(**{f"{prefix}owner": user})
    if group == "surgery" and user.role == Role.COUNCILLOR:
        return Q(**{f"{prefix}owner": user})  # their own surgeries, not ward colleagues'
    if user.role == Role.HEAD_OF_SERVICE:
        return Q(**{f"{prefix}department__in": sorted(departments_run_by(user))})
    if user.role == Role.COUNCILLOR:
        return (
            Q(**{f"{prefix}ward_id": user.ward_id})
            if user.ward_id
            else Q(**{f"{prefix}pk__in": []})
        )
    return Q()
