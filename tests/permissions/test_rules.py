"""The one-place rules, role by role, on one assigned case."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.conftest import assign
from wardcase.accounts.cover import cover_create, cover_end
from wardcase.cases.services.sharing import case_share, case_unshare
from wardcase.permissions import case_actions, charter
from wardcase.permissions.grants import departments_run_by, grants
from wardcase.permissions.visibility import (
    acts_for_owner,
    can_see_contact_details,
    can_see_internal,
    visible_cases_q,
)

ROLES = ["councillor", "caseworker", "coordinator", "officer", "head", "other_officer"]
# role: (sees, close, assign, respond, share, internal notes)
TABLE = {
    "councillor": (True, True, False, False, True, False),
    "caseworker": (True, True, False, False, True, False),
    "coordinator": (True, False, True, False, False, True),
    "officer": (True, False, False, True, False, True),
    "head": (True, False, True, True, False, True),
    "other_officer": (False, False, False, False, False, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(world, role):
    """One table of who sees, closes, assigns, responds, shares and reads internal notes."""
    case = assign(world)
    user = getattr(world, role)
    sees = type(case).objects.filter(visible_cases_q(user), pk=case.pk).exists()
    got = (
        sees,
        case_actions.can_close(user, case),
        case_actions.can_assign(user, case),
        case_actions.can_officer_respond(user, case),
        case_actions.can_share(user, case),
        can_see_internal(user, case),
    )
    assert got == TABLE[role]


def test_a_deputy_on_holiday_cover_may_close_only_during_cover(world):
    """can_close includes a councillor deputising on holiday cover, and only while it runs."""
    case = assign(world)
    deputy = world.other_councillor
    assert not case_actions.can_close(deputy, case)
    today = timezone.localdate()
    cover = cover_create(
        by=world.councillor,
        councillor=world.councillor,
        deputy=deputy,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
    )
    assert case_actions.can_close(deputy, case)
    assert acts_for_owner(deputy, case)
    assert not charter.can_decide_extension(deputy, case)  # the owner alone agrees more time
    cover_end(by=world.councillor, cover=cover)
    assert not case_actions.can_close(deputy, case)


def test_a_caseworker_deputy_may_close_too(world):
    """A caseworker for another councillor who covers this one closes this one's cases."""
    case = assign(world)
    deputy = factories.CaseworkerFactory()
    deputy.acts_for.add(world.other_councillor)
    today = timezone.localdate()
    cover_create(
        by=world.councillor,
        councillor=world.councillor,
        deputy=deputy,
        starts_on=today,
        ends_on=today,
    )
    assert case_actions.can_close(deputy, case)


def test_departments_a_head_runs_are_the_ones_the_rules_use(world):
    """The head's departments decide both what they see and what they may assign."""
    case = assign(world)
    assert departments_run_by(world.head) == {world.department.pk}
    assert case_actions.can_assign(world.head, case)
    moved = factories.HeadOfServiceFactory(department=world.other_department)
    assert departments_run_by(moved) == {world.other_department.pk}
    assert not case_actions.can_assign(moved, case)


def test_a_share_grants_and_its_revocation_ends_at_once(world):
    """Sharing reaches the same user object at once; revoking takes it away at once."""
    case = assign(world)
    outsider = world.other_officer
    assert not case_actions.can_officer_respond(outsider, case)
    case_share(case=case, by=world.councillor, user=outsider, reason="Their housing")
    assert case.pk in grants(outsider).shared_case_ids
    assert case_actions.can_officer_respond(outsider, case)
    case_unshare(case=case, by=world.councillor, user=outsider)
    assert not case_actions.can_officer_respond(outsider, case)


def test_contact_details_rule_is_the_same_in_python_and_sql(world):
    """`can_see_contact_details` and `contact_visible_q` agree for every role and case."""
    from wardcase.cases.models import Case
    from wardcase.permissions.visibility import contact_visible_q

    assign(world)
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    world.other_case.consent_share_officers = False
    world.other_case.save(update_fields=["consent_share_officers"])
    for role in ROLES:
        user = getattr(world, role)
        in_sql = set(Case.objects.filter(contact_visible_q(user)).values_list("pk", flat=True))
        for case in Case.objects.all():
            assert (case.pk in in_sql) == can_see_contact_details(user, case), (role, case)
