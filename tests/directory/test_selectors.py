"""The departments a head of service runs: the one rule every app asks."""

import pytest

from tests.factories import DepartmentFactory, HeadOfServiceFactory, OfficerFactory
from wardcase.directory.selectors import department_ids_headed_by, departments_headed_by

pytestmark = pytest.mark.django_db


def test_a_head_runs_the_departments_naming_them_and_their_own():
    head = HeadOfServiceFactory()
    named = DepartmentFactory(head=head)
    also_named = DepartmentFactory(head=head)
    DepartmentFactory(head=HeadOfServiceFactory())  # someone else's
    DepartmentFactory()  # nobody's
    expected = {head.department_id, named.pk, also_named.pk}
    assert department_ids_headed_by(user=head) == expected
    assert set(departments_headed_by(user=head).values_list("pk", flat=True)) == expected


def test_without_a_department_of_their_own_only_the_named_ones(django_assert_num_queries):
    head = HeadOfServiceFactory(department=None)
    named = DepartmentFactory(head=head)
    DepartmentFactory()
    with django_assert_num_queries(1):
        assert department_ids_headed_by(user=head) == {named.pk}


def test_an_officer_heading_nothing_runs_only_their_own_department():
    officer = OfficerFactory()
    DepartmentFactory()
    assert department_ids_headed_by(user=officer) == {officer.department_id}
