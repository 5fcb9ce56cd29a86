"""Who sees which case: the visibility rules of the permissions module."""

from tests import factories
from tests.conftest import assign
from wardcase.cases import selectors, services


def visible(user):
    return set(selectors.visible_cases(user=user).values_list("reference", flat=True))


def test_each_role_sees_only_its_cases(world):
    """Owner, caseworker, officer, head and coordinator see what the brief says; admin nothing."""
    mine, theirs = world.case.reference, world.other_case.reference
    assign(world)
    assert visible(world.councillor) == {mine}
    assert visible(world.other_councillor) == {theirs}
    assert visible(world.caseworker) == {mine}
    assert visible(world.officer) == {mine}
    assert visible(world.head) == {mine}
    assert visible(world.coordinator) == {mine, theirs}
    assert visible(world.other_officer) == set()
    assert visible(world.administrator) == set()


def test_additional_officer_sees_case_once(world):
    """An officer from another department added to a case sees it, and only once."""
    services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
        additional_officers=[world.other_officer],
    )
    assert list(selectors.visible_cases(user=world.other_officer)) == [world.case]


def test_restricted_case_is_not_seen_by_the_rest_of_the_department(world):
    """A restricted case is seen by its lead officer, not by department colleagues or head."""
    world.case.restricted = True
    world.case.save(update_fields=["restricted"])
    colleague = factories.OfficerFactory(department=world.department)
    assign(world)
    assert world.case.reference in visible(world.officer)
    assert world.case.reference not in visible(world.head)
    assert world.case.reference not in visible(world.coordinator)  # routed: no longer theirs
    assert world.case.reference not in visible(colleague)


def test_inactive_users_see_nothing(world):
    """A disabled account sees no case, whatever its role."""
    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])
    assert visible(world.coordinator) == set()


def test_caseworker_stops_seeing_cases_when_no_longer_acting(world):
    """Removing a councillor from a caseworker's list ends their access at once."""
    world.caseworker.acts_for.remove(world.councillor)
    assert visible(world.caseworker) == set()
