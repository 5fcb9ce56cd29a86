"""What a user may do to a case they can see: assign, acknowledge, respond, close, share...

Each predicate is pure over the case as loaded and the user's grants: no query of its own,
so a page may ask every one of them for the price of the grants.
"""

from __future__ import annotations

from typing import Any

import rules

from wardcase.accounts.models import Role
from wardcase.permissions.visibility import acts_for_owner, works_on_case

# Case statuses, as stored: the permissions layer sits below cases and reads the values.
NEW, ASSIGNED, REOPENED = "new", "assigned", "reopened"


@rules.predicate
def can_create_case(user: Any) -> bool:
    return user.is_authenticated and user.role in {
        Role.COUNCILLOR,
        Role.CASEWORKER,
        Role.COORDINATOR,
    }


@rules.predicate
def can_assign(user: Any, case: Any) -> bool:
    if not case.is_open:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.HEAD_OF_SERVICE and works_on_case(user, case)


@rules.predicate
def can_send_back(user: Any, case: Any) -> bool:
    """An officer or head of service working on a routed case may return it to the
    coordinators as not their department's; moving it on is the coordinators' job."""
    return (
        case.is_open
        and case.department_id is not None
        and user.role in {Role.OFFICER, Role.HEAD_OF_SERVICE}
        and works_on_case(user, case)
    )


@rules.predicate
def can_acknowledge(user: Any, case: Any) -> bool:
    return (
        case.status in {ASSIGNED, REOPENED}
        and case.acknowledged_at is None
        and works_on_case(user, case)
    )


@rules.predicate
def can_officer_respond(user: Any, case: Any) -> bool:
    """Officer updates, full responses and closure proposals."""
    return case.is_open and case.department_id is not None and works_on_case(user, case)


@rules.predicate
def can_add_internal_note(user: Any, case: Any) -> bool:
    return case.is_open and (user.role == Role.COORDINATOR or works_on_case(user, case))


@rules.predicate
def can_edit_details(user: Any, case: Any) -> bool:
    """The councillor's side and coordinators correct a case's details while it is open."""
    return case.is_open and (acts_for_owner(user, case) or user.role == Role.COORDINATOR)


@rules.predicate
def can_message_as_member(user: Any, case: Any) -> bool:
    return case.is_open and acts_for_owner(user, case)


@rules.predicate
def can_chase(user: Any, case: Any) -> bool:
    return case.is_open and case.status != NEW and acts_for_owner(user, case)


@rules.predicate
def can_close(user: Any, case: Any) -> bool:
    """The owner closes; so may a caseworker acting for them, or a councillor or caseworker
    deputising for them on holiday cover today (`acts_for_owner` counts the cover),
    recording the owner's authority (the service asks for it)."""
    return case.is_open and acts_for_owner(user, case)


@rules.predicate
def can_decline_closure(user: Any, case: Any) -> bool:
    """The councillor's side answers an officer's proposal to close: not yet."""
    return case.is_open and case.closure_proposed_at is not None and acts_for_owner(user, case)


@rules.predicate
def can_reopen(user: Any, case: Any) -> bool:
    return not case.is_open and acts_for_owner(user, case)


@rules.predicate
def can_add_attachment(user: Any, case: Any) -> bool:
    return case.is_open and (
        acts_for_owner(user, case) or works_on_case(user, case) or user.role == Role.COORDINATOR
    )


@rules.predicate
def can_share(user: Any, case: Any) -> bool:
    """The owner's side decides who else sees a case."""
    return acts_for_owner(user, case)


@rules.predicate
def can_link(user: Any, case: Any) -> bool:
    """Linking a case to another: the owner's side, coordinators, or officers working on it."""
    return acts_for_owner(user, case) or user.role == Role.COORDINATOR or works_on_case(user, case)


def on_case(user: Any, case: Any) -> bool:
    """Anyone with a hand in the case: the owner's side, an officer on it, a coordinator."""
    return acts_for_owner(user, case) or works_on_case(user, case) or user.role == Role.COORDINATOR
