"""Configuration changes are audited; the admin holds no case content."""

from django.contrib.auth.models import Group, Permission

from wardcase.audit.models import AuditEntry
from wardcase.directory.services import council_load


def administrator_client(client, world):
    group, _ = Group.objects.get_or_create(name="Test configuration")
    group.permissions.set(
        Permission.objects.filter(codename__in=["view_service", "change_service"])
    )
    world.administrator.groups.add(group)
    world.administrator.is_superuser = True  # the Django admin is for superusers only
    world.administrator.save(update_fields=["is_superuser"])
    client.force_login(world.administrator)
    return client


def test_an_admin_change_of_the_glossary_is_audited(client, world):
    """Renaming a service in the admin writes who changed what to the audit log."""
    admin = administrator_client(client, world)
    url = f"/admin/directory/service/{world.service.pk}/change/"
    response = admin.post(
        url,
        {"department": world.department.pk, "name": "Potholes and road surface", "active": "on"},
    )
    assert response.status_code == 302, response.content[:500]
    entry = AuditEntry.objects.get(action="config.changed")
    assert entry.actor == world.administrator
    assert entry.object_type == "directory.service" and entry.object_id == str(world.service.pk)


def test_the_admin_has_no_case_content(client, world):
    """Administrators configure; cases, constituents and the timeline are not in the admin."""
    admin = administrator_client(client, world)
    for path in ("/admin/cases/case/", "/admin/constituents/constituent/", "/admin/cases/"):
        assert admin.get(path).status_code == 404


def test_a_council_load_that_changes_things_is_audited(world):
    """Loading a council file that adds a ward leaves an audit entry; a no-op load does not."""
    data = {"council": {"name": world.council.name, "nation": "england"}, "wards": [{"name": "Q"}]}
    council_load(data=data)
    assert AuditEntry.objects.filter(action="council.loaded").count() == 1
    council_load(data=data)
    assert AuditEntry.objects.filter(action="council.loaded").count() == 1
