"""Who may see which case, and who may do what to it. The one place these rules live.

`visible_cases_q` narrows every query of cases; the `can_*` predicates guard every
action, and are registered with django-rules so templates can ask `perms`.
"""

import rules
from django.db.models import Q

from wardcase.accounts.cover import covered_councillor_ids, covers_for_today
from wardcase.accounts.models import Role
from wardcase.cases.choices import Status
from wardcase.directory.selectors import department_ids_headed_by


def visible_cases_q(user):
    """A filter of the cases a user may see. Administrators see no case content.

    Shares, cover and helpers are subqueries, never a Python loop, so the cases are read
    in one SQL query. For a head of service one query runs first, here: it reads the ids
    of the departments they run. Restricted cases reach only the owner's side, the lead
    officer and people the case is shared with (coordinators also see them while they
    await routing).
    """
    if not user or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    role = user.role
    shared = Q(pk__in=_shared_case_ids(user))
    if role == Role.COORDINATOR:
        return Q(restricted=False) | Q(department__isnull=True) | shared
    if role == Role.COUNCILLOR:
        mine = Q(owner=user) | Q(owner__in=covered_councillor_ids(user)) | shared
        if user.ward_id:
            mine |= Q(ward_id=user.ward_id, consent_share_ward=True, restricted=False)
        return mine
    if role == Role.CASEWORKER:
        return Q(owner__in=user.acts_for.all()) | Q(owner__in=covered_councillor_ids(user))
    if role == Role.OFFICER:
        working = Q(lead_officer=user) | Q(pk__in=_helped_case_ids(user)) | shared
        if user.department_id:
            working |= Q(department_id=user.department_id, restricted=False)
        return working
    if role == Role.HEAD_OF_SERVICE:
        # Restricted cases stay with the lead officer, even inside the department.
        departments = department_ids_headed_by(user=user)
        return (
            Q(department__in=departments, restricted=False)
            | Q(lead_officer=user)
            | Q(pk__in=_helped_case_ids(user))
            | shared
        )
    return Q(pk__in=[])


def own_desk_q(user):
    """The cases a councillor answers for: their own, those of colleagues they cover, and
    those shared with them. A ward colleague's case seen by consent is visible to them
    but not theirs to work, so it stays out of their home list."""
    return (
        Q(owner=user) | Q(owner__in=covered_councillor_ids(user)) | Q(pk__in=_shared_case_ids(user))
    )


def _shared_case_ids(user):
    """Cases shared with the user and not revoked: a subquery, so access ends at once."""
    from wardcase.cases.models import CaseShare

    return CaseShare.objects.filter(user=user, revoked_at__isnull=True).values("case_id")


def _helped_case_ids(user):
    """A subquery, not a join, so a case never appears twice in a list."""
    from wardcase.cases.models import Case

    return Case.additional_officers.through.objects.filter(user=user).values("case_id")


def is_shared_with(user, case):
    """The case is shared with the user now (a share not revoked)."""
    return case.shares.filter(user=user, revoked_at__isnull=True).exists()


def acts_for_owner(user, case):
    """The user is the owning councillor, a caseworker acting for them, or their deputy
    on holiday cover today."""
    if user.pk == case.owner_id:
        return True
    if user.role not in {Role.CASEWORKER, Role.COUNCILLOR}:
        return False
    if case.owner_id in covers_for_today(user):
        return True
    if user.role != Role.CASEWORKER:
        return False
    if "acts_for" in getattr(user, "_prefetched_objects_cache", {}):
        # A list page loaded them once with prefetch_related_objects: no query per row.
        return any(councillor.pk == case.owner_id for councillor in user.acts_for.all())
    return user.acts_for.filter(pk=case.owner_id).exists()


def works_on_case(user, case):
    """The user is an officer on the case or heads its department."""
    if user.role not in {Role.OFFICER, Role.HEAD_OF_SERVICE}:
        return False
    if case.lead_officer_id == user.pk or case.additional_officers.filter(pk=user.pk).exists():
        return True
    if is_shared_with(user, case):
        return True  # officers named on a share work on it like additional officers
    if case.restricted or case.department_id is None:
        return False
    if user.role == Role.OFFICER:
        return case.department_id == user.department_id
    return case.department_id in department_ids_headed_by(user=user)


@rules.predicate
def can_create_case(user):
    return user.is_authenticated and user.role in {
        Role.COUNCILLOR,
        Role.CASEWORKER,
        Role.COORDINATOR,
    }


def councillors_user_may_log_for(user):
    """The councillors a user may log a case for."""
    from wardcase.accounts.models import User

    covered = Q(pk__in=covered_councillor_ids(user), role=Role.COUNCILLOR, is_active=True)
    if user.role == Role.COUNCILLOR:
        return User.objects.filter(Q(pk=user.pk) | covered)
    if user.role == Role.CASEWORKER:
        return User.objects.filter(
            Q(pk__in=user.acts_for.filter(role=Role.COUNCILLOR, is_active=True)) | covered
        )
    if user.role == Role.COORDINATOR:
        return User.objects.filter(role=Role.COUNCILLOR, is_active=True)
    return User.objects.none()


@rules.predicate
def can_assign(user, case):
    if not case.is_open:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.HEAD_OF_SERVICE and works_on_case(user, case)


@rules.predicate
def can_acknowledge(user, case):
    return (
        case.status in {Status.ASSIGNED, Status.REOPENED}
        and case.acknowledged_at is None
        and works_on_case(user, case)
    )


@rules.predicate
def can_officer_respond(user, case):
    """Officer updates, full responses and closure proposals."""
    return case.is_open and case.department_id is not None and works_on_case(user, case)


@rules.predicate
def can_add_internal_note(user, case):
    return case.is_open and (user.role == Role.COORDINATOR or works_on_case(user, case))


@rules.predicate
def can_edit_details(user, case):
    """The councillor's side and coordinators correct a case's details while it is open."""
    return case.is_open and (acts_for_owner(user, case) or user.role == Role.COORDINATOR)


@rules.predicate
def can_message_as_member(user, case):
    return case.is_open and acts_for_owner(user, case)


@rules.predicate
def can_chase(user, case):
    return case.is_open and case.status != Status.NEW and acts_for_owner(user, case)


@rules.predicate
def can_close(user, case):
    """The owner closes; so may a caseworker acting for them or a deputy covering them on
    holiday today, recording the owner's authority (the service asks for it)."""
    return case.is_open and acts_for_owner(user, case)


@rules.predicate
def can_decline_closure(user, case):
    """The councillor's side answers an officer's proposal to close: not yet."""
    return case.is_open and case.closure_proposed_at is not None and acts_for_owner(user, case)


@rules.predicate
def can_reopen(user, case):
    return not case.is_open and acts_for_owner(user, case)


@rules.predicate
def can_add_attachment(user, case):
    return case.is_open and (
        acts_for_owner(user, case) or works_on_case(user, case) or user.role == Role.COORDINATOR
    )


def can_see_contact_details(user, case):
    """Officers see a constituent's contact details only where the constituent consented.

    On a restricted case only the owner's side and the lead officer see them: others named
    on it see what they need to work on it, not how to reach the person.
    """
    if case.restricted and case.lead_officer_id != user.pk and not acts_for_owner(user, case):
        return False
    if user.role in {Role.OFFICER, Role.HEAD_OF_SERVICE}:
        return case.consent_share_officers
    return True


@rules.predicate
def can_share(user, case):
    """The owner's side decides who else sees a case."""
    return acts_for_owner(user, case)


@rules.predicate
def can_link(user, case):
    """Linking a case to another: the owner's side, coordinators, or officers working on it."""
    return acts_for_owner(user, case) or user.role == Role.COORDINATOR or works_on_case(user, case)


def can_see_internal(user, case):
    """Internal notes are for council staff, not the councillor's side."""
    return user.role in {Role.COORDINATOR, Role.OFFICER, Role.HEAD_OF_SERVICE}


rules.add_perm("cases.add_case", can_create_case)
rules.add_perm("cases.change_case", can_edit_details)
rules.add_perm("cases.assign_case", can_assign)
rules.add_perm("cases.acknowledge_case", can_acknowledge)
rules.add_perm("cases.respond_case", can_officer_respond)
rules.add_perm("cases.note_case", can_add_internal_note)
rules.add_perm("cases.message_case", can_message_as_member)
rules.add_perm("cases.chase_case", can_chase)
rules.add_perm("cases.close_case", can_close)
rules.add_perm("cases.decline_closure", can_decline_closure)
rules.add_perm("cases.reopen_case", can_reopen)
rules.add_perm("cases.attach_case", can_add_attachment)
rules.add_perm("cases.share_case", can_share)
rules.add_perm("cases.link_case", can_link)
