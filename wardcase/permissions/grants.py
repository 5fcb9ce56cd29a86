"""What a user holds: the departments they head, the councillors they act for or cover
today, and the cases shared with them or that they help on.

Read in one UNION query the first time a rule asks, and kept on the user object: a
request's user is loaded afresh for each request, so the grants last one request, and a
case page asking a dozen questions reads them once. A service that changes what somebody
holds calls `forget(user)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import CharField, F, QuerySet, Value
from django.utils import timezone

from wardcase.accounts.models import Cover, Role, User
from wardcase.core.memo import memo, memo_expire_all, memo_forget
from wardcase.directory.selectors import departments_headed_by

# Roles that may act for a councillor: a caseworker always for theirs, and either role as
# a deputy on holiday cover.
DEPUTY_ROLES = {Role.COUNCILLOR, Role.CASEWORKER}
OFFICER_ROLES = {Role.OFFICER, Role.HEAD_OF_SERVICE}
STAFF_ROLES = {Role.COORDINATOR, Role.OFFICER, Role.HEAD_OF_SERVICE}
CASE_ROLES = [
    Role.COUNCILLOR,
    Role.CASEWORKER,
    Role.COORDINATOR,
    Role.OFFICER,
    Role.HEAD_OF_SERVICE,
]

_KEY = "permission_grants"


@dataclass(frozen=True)
class Grants:
    """A user's standing, read once. Empty sets for a user holding nothing."""

    user_id: int | None
    role: str | None
    on: date
    headed_department_ids: frozenset[int] = field(default_factory=frozenset)
    acts_for_ids: frozenset[int] = field(default_factory=frozenset)
    covered_ids: frozenset[int] = field(default_factory=frozenset)
    shared_case_ids: frozenset[int] = field(default_factory=frozenset)
    helped_case_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def councillor_ids(self) -> frozenset[int]:
        """The councillors whose side the user speaks for: themself (a councillor), those
        they act for (a caseworker) and those they cover today (a deputy)."""
        own = {self.user_id} if self.role == Role.COUNCILLOR and self.user_id else set()
        return frozenset(own | self.acts_for_ids | self.covered_ids)

    @property
    def owner_side_ids(self) -> frozenset[int]:
        """Owners of the cases the user acts for: themself whatever their role, plus the
        councillors they act for or cover."""
        own = {self.user_id} if self.user_id is not None else set()
        return frozenset(own | self.acts_for_ids | self.covered_ids)


def grants(user: Any) -> Grants:
    """The user's grants, read on the first call for this user object (one query at most)."""
    today = timezone.localdate()
    held = memo(user, _KEY, lambda: _read(user, today))
    if held.on != today:  # a worker's long-lived user object: cover changes at midnight
        memo_forget(user, _KEY)
        held = memo(user, _KEY, lambda: _read(user, today))
    return held


def forget(user: Any) -> None:
    """Drop the grants kept on `user`, after a change to what they hold, and on every other
    copy of any user in this process (a test, a command or a worker may hold another copy
    of the same person)."""
    memo_forget(user, _KEY)
    memo_expire_all()


def _part(queryset: QuerySet, kind: str, ref: str) -> QuerySet:
    return (
        queryset.order_by()
        .annotate(
            grant_kind=Value(kind, output_field=CharField()),
            grant_ref=F(ref),
        )
        .values_list("grant_kind", "grant_ref")
    )


def _read(user: Any, today: date) -> Grants:
    pk, role = getattr(user, "pk", None), getattr(user, "role", None)
    active = bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))
    if pk is None or not active or role not in CASE_ROLES:
        return Grants(user_id=pk, role=role, on=today)
    parts = []
    if role == Role.HEAD_OF_SERVICE:
        parts.append(_part(departments_headed_by(user=user), "head", "pk"))
    if role == Role.CASEWORKER:
        through = User.acts_for.through
        parts.append(_part(through.objects.filter(from_user_id=pk), "acts", "to_user_id"))
    if role in DEPUTY_ROLES:
        covers = Cover.objects.filter(deputy_id=pk, starts_on__lte=today, ends_on__gte=today)
        parts.append(_part(covers, "cover", "councillor_id"))
    if role != Role.CASEWORKER:
        shares = apps.get_model("cases", "CaseShare").objects.filter(
            user_id=pk, revoked_at__isnull=True
        )
        parts.append(_part(shares, "share", "case_id"))
    if role in OFFICER_ROLES:
        helpers = apps.get_model("cases", "Case").additional_officers.through
        parts.append(_part(helpers.objects.filter(user_id=pk), "help", "case_id"))
    first, *rest = parts
    rows = first.union(*rest, all=True) if rest else first
    found: dict[str, set[int]] = {"head": set(), "acts": set(), "cover": set(), "share": set()}
    found["help"] = set()
    for kind, ref in rows:
        found[kind].add(int(ref))
    return Grants(
        user_id=pk,
        role=role,
        on=today,
        headed_department_ids=frozenset(found["head"]),
        acts_for_ids=frozenset(found["acts"]),
        covered_ids=frozenset(found["cover"]),
        shared_case_ids=frozenset(found["share"]),
        helped_case_ids=frozenset(found["help"]),
    )


def departments_run_by(user: Any) -> frozenset[int]:
    """The departments a head of service runs (those naming them head, and their own);
    none for any other role. The one place this rule is asked."""
    return grants(user).headed_department_ids


__all__ = [
    "CASE_ROLES",
    "DEPUTY_ROLES",
    "OFFICER_ROLES",
    "STAFF_ROLES",
    "Grants",
    "departments_run_by",
    "forget",
    "grants",
]
