"""Who may forward mail in as a draft case, and which drafts they see."""

from typing import Any

from django.db.models import Q, QuerySet

from wardcase.accounts.models import Role
from wardcase.permissions.grants import grants

# The councillor's side forwards constituents' mail to the intake address.
FORWARDERS = {Role.COUNCILLOR, Role.CASEWORKER}


def may_forward(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in FORWARDERS)


def restrict_drafts(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """Drafts the user forwarded, or made for a councillor they act for."""
    if action not in {"view", "change"} or not may_forward(user):
        return queryset.none()
    owners = Q(owner=user)
    if user.role == Role.CASEWORKER:
        owners = Q(owner_id__in=sorted(grants(user).acts_for_ids))
    return queryset.filter(Q(forwarded_by=user) | owners)
