"""Who may pause a case's clocks, ask for more time, and agree it."""

import rules

from wardcase.accounts.models import Role
from wardcase.cases.permissions import acts_for_owner, works_on_case


def _on_case(user, case):
    return acts_for_owner(user, case) or works_on_case(user, case) or user.role == Role.COORDINATOR


def _open_pause(case):
    return case.pauses.filter(ended_at__isnull=True).first()


@rules.predicate
def can_pause(user, case):
    """Either side may stop the clocks while it waits for information from the other."""
    return (
        case.is_open
        and case.assigned_at is not None
        and _open_pause(case) is None
        and _on_case(user, case)
    )


@rules.predicate
def can_resume(user, case):
    return case.is_open and _open_pause(case) is not None and _on_case(user, case)


@rules.predicate
def can_request_extension(user, case):
    return case.is_open and case.assigned_at is not None and works_on_case(user, case)


@rules.predicate
def can_decide_extension(user, case):
    """Only the owning councillor agrees more time: not a caseworker, not an officer."""
    from wardcase.charter.models import Extension

    return (
        case.is_open
        and user.pk == case.owner_id
        and Extension.objects.filter(clock__case=case, decision="pending").exists()
    )


rules.add_perm("cases.pause_case", can_pause)
rules.add_perm("cases.resume_case", can_resume)
rules.add_perm("cases.request_extension", can_request_extension)
rules.add_perm("cases.decide_extension", can_decide_extension)
