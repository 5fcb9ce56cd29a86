"""Wards, directorates, departments and services: the services save and audit valid
changes and refuse bad input with the reason; the pages do the same in the browser's place."""

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import assign
from wardcase.cases.choices import Status
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.directory import services as directory
from wardcase.directory.models import Department, Directorate, Service
from wardcase.directory.services.departments import CLOSED
from wardcase.places.models import Ward

NON_ADMINISTRATORS = ["councillor", "caseworker", "coordinator", "officer", "head"]


@pytest.mark.parametrize("who", NON_ADMINISTRATORS)
def test_only_administrators_call_these_services(world, who):
    user = getattr(world, who)
    calls = [
        lambda: directory.ward_create(by=user, name="Nope"),
        lambda: directory.directorate_create(by=user, name="Nope"),
        lambda: directory.department_create(by=user, name="Nope"),
        lambda: directory.service_create(by=user, department=world.department, name="Nope"),
        lambda: directory.service_set_active(service=world.service, by=user, active=False),
    ]
    for call in calls:
        with pytest.raises(ActionNotAllowed):
            call()
    assert not Ward.objects.filter(name="Nope").exists()
    assert not Department.objects.filter(name="Nope").exists()
    assert Service.objects.filter(active=True).count() == 1


def test_an_administrator_adds_and_renames_a_ward(world, audited):
    ward = directory.ward_create(
        by=world.administrator, name="  South   Ward ", gss_code="e05000001"
    )
    assert (ward.name, ward.gss_code) == ("South Ward", "E05000001")
    assert directory.ward_update(
        ward=ward, by=world.administrator, name="South and Mill", gss_code="E05000001"
    ) == ["name"]
    ward.refresh_from_db()
    assert ward.name == "South and Mill"
    added, changed = (
        audited("config.added", "places.ward"),
        audited("config.changed", "places.ward"),
    )
    assert [e.actor for e in added] == [world.administrator]
    assert changed[0].detail["before"]["name"] == "South Ward"


@pytest.mark.parametrize(
    ("name", "code", "field", "words"),
    [
        ("north ward", "", "name", 'There is already a ward called "north ward"'),
        ("", "", "name", "Enter the ward's name"),
        ("East", "E0500", "gss_code", "a letter and 8 digits"),
        ("East", "W05000001", "gss_code", "starting with E"),
    ],
)
def test_a_bad_ward_is_refused_with_the_reason(world, name, code, field, words):
    with pytest.raises(ServiceError) as refused:
        directory.ward_create(by=world.administrator, name=name, gss_code=code)
    assert refused.value.field == field
    assert words in refused.value.message
    assert Ward.objects.count() == 1


def test_two_wards_cannot_share_a_gss_code(world):
    directory.ward_create(by=world.administrator, name="East", gss_code="E05000002")
    with pytest.raises(ServiceError, match="already has the GSS code"):
        directory.ward_update(
            ward=world.ward, by=world.administrator, name="North Ward", gss_code="E05000002"
        )


def test_a_department_is_added_in_a_directorate_with_its_head(world, audited):
    directorate = directory.directorate_create(by=world.administrator, name="Place")
    head = factories.HeadOfServiceFactory(name="Pat Parks")
    department = directory.department_create(
        by=world.administrator, name="Parks", directorate=directorate, head=head
    )
    assert (department.directorate, department.head) == (directorate, head)
    assert audited("config.added", "directory.department")[0].detail["head"] == "Pat Parks"
    changed = directory.department_update(
        department=department, by=world.administrator, name="Parks", directorate=None, head=None
    )
    assert changed == ["directorate", "head"]


def test_a_department_head_must_be_a_head_of_service(world):
    with pytest.raises(ServiceError) as refused:
        directory.department_create(by=world.administrator, name="Parks", head=world.officer)
    assert refused.value.field == "head"


def test_a_duplicate_department_or_directorate_is_refused(world):
    with pytest.raises(ServiceError, match="already a department called"):
        directory.department_create(by=world.administrator, name="HIGHWAYS")
    directory.directorate_create(by=world.administrator, name="Place")
    with pytest.raises(ServiceError, match="already a directorate called"):
        directory.directorate_create(by=world.administrator, name="place")


def test_a_department_in_use_is_not_deleted_and_says_why(world):
    with pytest.raises(ServiceError) as refused:
        directory.department_delete(department=world.department, by=world.administrator)
    assert "service(s) in the glossary" in refused.value.message
    assert "user(s) work in it" in refused.value.message
    assert "Switch it off instead" in refused.value.message
    assert Department.objects.filter(pk=world.department.pk).exists()


def test_an_unused_department_and_directorate_are_deleted(world, audited):
    directorate = directory.directorate_create(by=world.administrator, name="Place")
    department = directory.department_create(
        by=world.administrator, name="Parks", directorate=directorate
    )
    with pytest.raises(ServiceError, match="1 department"):
        directory.directorate_delete(directorate=directorate, by=world.administrator)
    directory.department_delete(department=department, by=world.administrator)
    directory.directorate_delete(directorate=directorate, by=world.administrator)
    assert not Directorate.objects.exists()
    assert len(audited("config.deleted", "directory.department")) == 1


def test_a_department_with_open_cases_is_not_switched_off(world):
    assign(world)
    for service in world.department.services.all():
        directory.service_set_active(service=service, by=world.administrator, active=False)
    with pytest.raises(ServiceError, match="1 open case"):
        directory.department_set_active(
            department=world.department, by=world.administrator, active=False
        )
    empty = world.other_department
    assert directory.department_set_active(department=empty, by=world.administrator, active=False)
    empty.refresh_from_db()
    assert not empty.active


def test_a_department_whose_cases_are_all_closed_is_switched_off(world):
    """Only open cases hold a department on: directory's name for closed is cases' own."""
    assign(world)
    for service in world.department.services.all():
        directory.service_set_active(service=service, by=world.administrator, active=False)
    assert CLOSED == Status.CLOSED
    world.department.cases.update(status=Status.CLOSED)
    assert directory.department_set_active(
        department=world.department, by=world.administrator, active=False
    )


def test_a_service_is_added_moved_and_retired(world, audited):
    service = directory.service_create(
        by=world.administrator, department=world.department, name="Gritting"
    )
    changed = directory.service_update(
        service=service, by=world.administrator, department=world.other_department, name="Gritting"
    )
    assert changed == ["department"]
    assert directory.service_set_active(service=service, by=world.administrator, active=False)
    service.refresh_from_db()
    assert (service.department, service.active) == (world.other_department, False)
    entries = audited("config.changed", "directory.service")
    assert entries[0].detail["before"]["department"] == "Highways"
    assert entries[1].detail["active"] is False


def test_a_duplicate_service_in_a_department_is_refused(world):
    with pytest.raises(ServiceError, match='Highways already has a service called "potholes"'):
        directory.service_create(
            by=world.administrator, department=world.department, name="potholes"
        )
    # The same name under another department is another service.
    directory.service_create(
        by=world.administrator, department=world.other_department, name="Potholes"
    )


def test_a_service_cases_use_is_retired_not_deleted(world):
    with pytest.raises(ServiceError, match="2 case"):
        directory.service_delete(service=world.service, by=world.administrator)
    unused = directory.service_create(by=world.administrator, department=world.department, name="X")
    directory.service_delete(service=unused, by=world.administrator)
    assert not Service.objects.filter(pk=unused.pk).exists()


def test_adding_a_duplicate_ward_keeps_what_was_typed(client, world):
    client.force_login(world.administrator)
    response = client.post(reverse("council:ward_add"), {"name": "North Ward", "gss_code": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "There is already a ward called &quot;North Ward&quot;" in page
    assert 'value="North Ward"' in page
    response = client.post(reverse("council:ward_add"), {"name": "South", "gss_code": "E05000009"})
    assert response.status_code == 302
    assert Ward.objects.filter(name="South", gss_code="E05000009").exists()


def test_a_department_is_added_with_a_head_and_refused_deletion_in_use(client, world):
    client.force_login(world.administrator)
    response = client.post(
        reverse("council:department_add"),
        {"name": "Parks", "directorate": "", "head": world.head.pk},
    )
    assert response.status_code == 302
    assert Department.objects.get(name="Parks").head == world.head
    response = client.post(
        reverse("council:department_delete", args=[world.department.pk]), follow=True
    )
    assert "Highways cannot be deleted" in response.content.decode()
    page = client.get(reverse("council:department_edit", args=[world.department.pk])).content
    assert b"It cannot be deleted because:" in page


def test_services_are_paginated_and_retired(client, world):
    for n in range(30):
        Service.objects.create(department=world.other_department, name=f"Service {n:02d}")
    client.force_login(world.administrator)
    first = client.get(reverse("council:services")).content.decode()
    assert "31 services" in first and 'aria-label="Pages of services"' in first
    assert "Service 29" not in first
    assert "Service 29" in client.get(reverse("council:services") + "?page=2").content.decode()
    client.post(reverse("council:service_active", args=[world.service.pk]))
    world.service.refresh_from_db()
    assert not world.service.active
    response = client.post(reverse("council:service_delete", args=[world.service.pk]), follow=True)
    assert "Retire it instead" in response.content.decode()


def test_an_administrator_gives_a_service_other_words(client, world, audited):
    """The edit page saves the words people use, tidied; the audit keeps the old ones."""
    client.force_login(world.administrator)
    url = reverse("council:service_edit", args=[world.service.pk])
    data = {"name": "Potholes", "department": world.department.pk}
    response = client.post(url, {**data, "aliases": " road , tarmac,road,, crater "})
    assert response.status_code == 302
    world.service.refresh_from_db()
    assert world.service.aliases == "road, tarmac, crater"
    assert audited("config.changed", "directory.service")[0].detail["changed"] == ["aliases"]
    assert 'value="road, tarmac, crater"' in client.get(url).content.decode()
