"""Which cases a user may see, and which parts of a case: internal notes, contact details.

Each rule is written once, as a filter for queries and, beside it from the same grants, as
a check on one case already loaded. Neither reads the database beyond the user's grants
(`grants.py`, one query per request), so a case page asks all its questions for free.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from wardcase.accounts.models import Role, User
from wardcase.core.lookups import Ids
from wardcase.permissions.grants import OFFICER_ROLES, STAFF_ROLES, grants

# Stored values of the timeline's choices: this layer sits below cases and reads them as data.
INTERNAL = "internal"
LETTER = "letter"


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible_cases_q(user: Any) -> Q:
    """A filter of the cases a user may see. Administrators see no case content.

    It reads nothing itself beyond the user's grants (the departments a head runs, the
    councillors a caseworker acts for or a deputy covers: one query per request, shared
    with every other rule, the cases shared with them and those they help on too), so a
    list of cases is one SQL query whatever the role. Restricted cases reach only the
    owner's side, the lead officer and people the case is shared with (coordinators also
    see them while they await routing).

    Every branch is a plain condition on the case row, the cases shared with the user and
    those they help on written out as ids from the grants (one array parameter, `__any`,
    see `wardcase.core.lookups`): PostgreSQL then reads each branch through its own
    index and ORs the bitmaps (a subquery in an OR makes it read every case and test
    each one). With a status filter beside it, written as
    `status IN (...)`, each branch reads only the open cases through its `(column,
    status)` index, so a queue's page and its count touch only the cases they show.
    """
    if not _active(user):
        return Q(pk__in=[])
    held = grants(user)
    if user.role == Role.COUNCILLOR:
        mine = Q(owner_id__in=sorted(held.councillor_ids)) | Q(pk__any=Ids(held.shared_case_ids))
        if user.ward_id:
            mine |= Q(ward_id=user.ward_id, consent_share_ward=True, restricted=False)
        return mine
    if user.role == Role.CASEWORKER:
        return Q(owner_id__in=sorted(held.councillor_ids))
    if user.role == Role.COORDINATOR or user.role in OFFICER_ROLES:
        return department_reach_q(user) | named_reach_q(user)
    return Q(pk__in=[])


def department_reach_q(user: Any) -> Q:
    """The cases council staff see by where they sit rather than by being named on them:
    a coordinator every unrestricted case and every case awaiting routing; an officer
    their department's unrestricted cases, a head those of the departments they run.
    Nothing for anyone else. (Restricted cases stay with the lead officer, even inside
    the department.)

    Written on the case's `department` and `restricted` alone, so a summary kept per
    department (the deadline tally, `wardcase.cases.tally`) can be filtered by the same rule."""
    if not _active(user):
        return Q(pk__in=[])
    if user.role == Role.COORDINATOR:
        return Q(restricted=False) | Q(department__isnull=True)
    if user.role in OFFICER_ROLES:
        departments = grants(user).headed_department_ids
        if user.role == Role.OFFICER and user.department_id:
            departments = frozenset({user.department_id})
        return Q(department_id__in=sorted(departments), restricted=False)
    return Q(pk__in=[])


def named_reach_q(user: Any) -> Q:
    """The cases council staff see by being named on them: shared with them, and for
    officers those they lead or help on; nothing for anyone else. With
    `department_reach_q`, all a coordinator or officer sees, so each is part of what
    they may see."""
    if not _active(user) or not (user.role == Role.COORDINATOR or user.role in OFFICER_ROLES):
        return Q(pk__in=[])
    held = grants(user)
    named = Q(pk__any=Ids(held.shared_case_ids))
    if user.role in OFFICER_ROLES:
        named = Q(lead_officer=user) | Q(pk__any=Ids(held.helped_case_ids)) | named
    return named


def own_desk_q(user: Any) -> Q:
    """The cases a councillor answers for: their own, those of colleagues they cover, and
    those shared with them. A ward colleague's case seen by consent is visible to them
    but not theirs to work, so it stays out of their home list."""
    held = grants(user)
    return Q(owner_id__in=sorted(held.owner_side_ids)) | Q(pk__any=Ids(held.shared_case_ids))


def closing_councillor_ids(user: Any) -> list[int]:
    """Whose cases this user may close: their own (a councillor), those of the councillors
    they act for (a caseworker), and those of any councillor they cover today."""
    if not _active(user) or user.role not in {Role.COUNCILLOR, Role.CASEWORKER}:
        return []
    return sorted(grants(user).councillor_ids)


def is_shared_with(user: Any, case: Any) -> bool:
    """The case is shared with the user now (a share not revoked)."""
    return case.pk in grants(user).shared_case_ids


def acts_for_owner(user: Any, case: Any) -> bool:
    """The user is the owning councillor, a caseworker acting for them, or a councillor or
    caseworker deputising for them on holiday cover today."""
    return case.owner_id in grants(user).owner_side_ids


def works_on_case(user: Any, case: Any) -> bool:
    """The user is an officer on the case (lead, helper or named on a share), or works in
    or heads its department (unrestricted cases only)."""
    if user.role not in OFFICER_ROLES:
        return False
    held = grants(user)
    if case.lead_officer_id == user.pk or case.pk in held.helped_case_ids:
        return True
    if case.pk in held.shared_case_ids:
        return True  # officers named on a share work on it like additional officers
    if case.restricted or case.department_id is None:
        return False
    if user.role == Role.OFFICER:
        return case.department_id == user.department_id
    return case.department_id in held.headed_department_ids


def can_see_internal(user: Any, case: Any = None) -> bool:
    """Internal notes are for council staff, not the councillor's side."""
    return _active(user) and user.role in STAFF_ROLES


def can_see_contact_details(user: Any, case: Any) -> bool:
    """Officers see a constituent's contact details only where the constituent consented.

    On a restricted case only the owner's side and the lead officer see them: others named
    on it see what they need to work on it, not how to reach the person. The same rule as
    `contact_visible_q`, for one case.
    """
    if case.restricted and case.lead_officer_id != user.pk and not acts_for_owner(user, case):
        return False
    if user.role in OFFICER_ROLES:
        return case.consent_share_officers
    return True


def contact_visible_q(user: Any, prefix: str = "") -> Q:
    """Cases on which the user may see the constituent's contact details: the rule of
    `can_see_contact_details`, as a filter (`prefix` "case__" from a row of a case)."""
    owner_side = sorted(grants(user).owner_side_ids)
    allowed = (
        Q(**{f"{prefix}restricted": False})
        | Q(**{f"{prefix}lead_officer_id": user.pk})
        | Q(**{f"{prefix}owner_id__in": owner_side})
    )
    if user.role in OFFICER_ROLES:
        allowed &= Q(**{f"{prefix}consent_share_officers": True})
    return allowed


def usable_constituents_q(user: Any) -> Q:
    """Constituents a new case may be linked to: people on a case the user may see, with
    their contact details (the rule of `contact_visible_q`), and not anonymised."""
    case_model = apps.get_model("cases", "Case")
    cases = case_model.objects.filter(visible_cases_q(user) & contact_visible_q(user))
    return Q(pk__in=cases.values("constituent_id"), anonymised_at__isnull=True)


def councillors_user_may_log_for(user: Any):
    """The councillors a user may log a case for: themself, those they act for or cover
    (active councillors only), or any active councillor for a coordinator."""
    councillors = User.objects.filter(role=Role.COUNCILLOR, is_active=True)
    if not _active(user):
        return User.objects.none()
    if user.role == Role.COORDINATOR:
        return councillors
    held = grants(user)
    if user.role == Role.COUNCILLOR:
        return User.objects.filter(
            Q(pk=user.pk) | Q(pk__in=held.covered_ids, role=Role.COUNCILLOR, is_active=True)
        )
    if user.role == Role.CASEWORKER:
        return councillors.filter(pk__in=held.councillor_ids)
    return User.objects.none()


def _require_view(action: str, model: str) -> None:
    if action != "view":
        raise ValueError(f"{model} rows are restricted for viewing only, not {action!r}.")


def _visible_case_ids(user: Any):
    cases = apps.get_model("cases", "Case").objects
    return cases.filter(visible_cases_q(user)).values("pk")


def restrict_cases(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """`Case.objects.restrict(user)`: the cases the user may see."""
    _require_view(action, "Case")
    return queryset.filter(visible_cases_q(user))


def restrict_events(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """Timeline events of visible cases; internal notes only for council staff."""
    _require_view(action, "CaseEvent")
    queryset = queryset.filter(case__in=_visible_case_ids(user))
    if not can_see_internal(user):
        queryset = queryset.exclude(visibility=INTERNAL)
    return queryset


def restrict_attachments(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """Files on visible cases, as the case page lists them: none from internal notes for
    the councillor's side, and no generated letter (it carries the constituent's address)
    where the user may not see the contact details."""
    _require_view(action, "Attachment")
    queryset = queryset.filter(case__in=_visible_case_ids(user))
    if not can_see_internal(user):
        queryset = queryset.exclude(event__visibility=INTERNAL)
    return queryset.exclude(Q(event__kind=LETTER) & ~contact_visible_q(user, prefix="case__"))


def restrict_shares(queryset: QuerySet, *, user: Any, action: str) -> QuerySet:
    """Shares of the cases the user may see."""
    _require_view(action, "CaseShare")
    return queryset.filter(case__in=_visible_case_ids(user))
