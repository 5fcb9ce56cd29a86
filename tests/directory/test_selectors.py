"""The departments a head of service runs: the one rule every app asks."""

import pytest

from tests.factories import DepartmentFactory, HeadOfServiceFactory, OfficerFactory
from wardcase.directory.selectors import departments_headed_by
from wardcase.permissions.grants import departments_run_by

pytestmark = pytest.mark.django_db


def headed(user):
    return set(departments_headed_by(user=user).values_list("pk", flat=True))


def test_a_head_runs_the_departments_naming_them_and_their_own():
    head = HeadOfServiceFactory()
    named = DepartmentFactory(head=head)
    also_named = DepartmentFactory(head=head)
    DepartmentFactory(head=HeadOfServiceFactory())  # someone else's
    DepartmentFactory()  # nobody's
    expected = {head.department_id, named.pk, also_named.pk}
    assert headed(head) == expected
    assert departments_run_by(head) == expected


def test_without_a_department_of_their_own_only_the_named_ones(django_assert_num_queries):
    head = HeadOfServiceFactory(department=None)
    named = DepartmentFactory(head=head)
    DepartmentFactory()
    with django_assert_num_queries(1):
        assert departments_run_by(head) == {named.pk}
        assert departments_run_by(head) == {named.pk}  # asked again: kept for the request


def test_an_officer_heading_nothing_runs_only_their_own_department():
    officer = OfficerFactory()
    DepartmentFactory()
    assert headed(officer) == {officer.department_id}
    assert departments_run_by(officer) == set()  # only a head of service runs departments
