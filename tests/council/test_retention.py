"""The retention period: set by administrators only, within range, audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wardcase.audit.models import AuditEntry
from wardcase.cases.choices import Status
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.privacy import services as privacy
from wardcase.privacy.models import RetentionPolicy

NON_ADMINISTRATORS = ["councillor", "caseworker", "coordinator", "officer", "head"]


@pytest.mark.parametrize("who", NON_ADMINISTRATORS)
def test_only_administrators_call_these_services(world, who):
    user = getattr(world, who)
    calls = [
        lambda: privacy.retention_policy_set(by=user, months=12),
    ]
    for call in calls:
        with pytest.raises(ActionNotAllowed):
            call()
    assert not RetentionPolicy.objects.exists()


def test_the_retention_period_is_set_and_audited(world, audited):
    policy = privacy.retention_policy_set(by=world.administrator, months=72)
    assert (
        RetentionPolicy.objects.get().anonymise_after_months == policy.anonymise_after_months == 72
    )
    privacy.retention_policy_set(by=world.administrator, months=36)
    entries = audited("config.changed", "privacy.retentionpolicy")
    assert [e.detail["before"]["anonymise_after_months"] for e in entries] == [24, 72]


@pytest.mark.parametrize("months", [0, 601, -3])
def test_a_retention_period_out_of_range_is_refused(world, months):
    with pytest.raises(ServiceError, match="from 1 to 600"):
        privacy.retention_policy_set(by=world.administrator, months=months)
    assert not RetentionPolicy.objects.exists()


def test_the_count_due_follows_the_period(world):
    """A case closed 13 months ago is due under a 12-month period, not under 24 months."""
    world.case.status, world.case.closed_at = Status.CLOSED, timezone.now() - timedelta(days=400)
    world.case.save(update_fields=["status", "closed_at"])
    privacy.retention_policy_set(by=world.administrator, months=24)
    assert privacy.retention_due_now() == 0
    privacy.retention_policy_set(by=world.administrator, months=12)
    assert privacy.retention_due_now() == 1


def test_the_retention_period_is_changed(client, world):
    client.force_login(world.administrator)
    url = reverse("council:retention")
    assert "for 24 months after they are closed" in client.get(url).content.decode()
    assert "Enter the number of months" in client.post(url, {"months": "two"}).content.decode()
    response = client.post(url, {"months": "60"}, follow=True)
    assert "Retention period saved: 60 months" in response.content.decode()
    assert RetentionPolicy.objects.get().anonymise_after_months == 60
    assert AuditEntry.objects.filter(
        action="config.changed", object_type="privacy.retentionpolicy", actor=world.administrator
    ).exists()
