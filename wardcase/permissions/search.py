"""Who may search, and which parts of a case's text a searcher may match and see.

The cases themselves are narrowed by `visible_cases_q`; this narrows the text inside them
as the case page does: internal notes are for council staff (`can_see_internal`), and
contact details follow `contact_visible_q`, the filter form of `can_see_contact_details`.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from wardcase.accounts.models import Role
from wardcase.permissions.grants import CASE_ROLES
from wardcase.permissions.visibility import can_see_internal


@rules.predicate
def may_search(user: Any) -> bool:
    """Every case role; administrators see no case content, so never search."""
    return bool(user and user.is_authenticated and user.is_active and user.role in CASE_ROLES)


def sees_most_cases(user: Any) -> bool:
    """Coordinators see every unrestricted case; everyone else sees a slice (their own,
    their councillors', their department's)."""
    return user.role == Role.COORDINATOR


def base_columns(user: Any) -> list[str]:
    """The columns the user may match on every case they can see, best first."""
    columns = ["title", "body", "timeline"]
    if can_see_internal(user):
        columns.append("internal")
    return columns


def restrict_saved_searches(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """A saved search is only ever its owner's, to run, rename or delete."""
    if action not in {"view", "change", "delete"}:
        raise ValueError(f"SavedSearch rows cannot be restricted for {action!r}.")
    return queryset.filter(user=user)
