"""Administrators set the retention schedule in the admin, and the change is audited."""

from django.contrib.auth.models import Permission

from wardcase.audit.models import AuditEntry
from wardcase.privacy.models import RetentionPolicy


def test_an_administrator_sets_the_schedule_and_it_is_audited(client, world):
    """Adding a policy of 36 months through the admin stores it and writes an audit entry."""
    world.administrator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="privacy")
    )
    world.administrator.is_superuser = True  # the Django admin is for superusers only
    world.administrator.save(update_fields=["is_superuser"])
    client.force_login(world.administrator)
    response = client.post(
        "/admin/privacy/retentionpolicy/add/",
        {"council": world.council.pk, "anonymise_after_months": 36},
    )
    assert response.status_code == 302, response.content[:500]
    policy = RetentionPolicy.objects.get(council=world.council)
    assert policy.anonymise_after_months == 36
    entry = AuditEntry.objects.get(action="config.added")
    assert entry.actor == world.administrator
    assert entry.object_type == "privacy.retentionpolicy"
