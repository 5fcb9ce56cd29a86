"""The follow-up window after closing: set by administrators only, within range, audited,
and read by the inbound mail when a reply comes to a closed case."""

import pytest
from django.urls import reverse

from wardcase.audit.models import AuditEntry
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.directory.models import Council
from wardcase.directory.services import council_follow_up_set

NON_ADMINISTRATORS = ["councillor", "caseworker", "coordinator", "officer", "head"]


def window():
    return Council.objects.get().follow_up_working_days


@pytest.mark.parametrize("who", NON_ADMINISTRATORS)
def test_only_administrators_set_the_window(world, who):
    with pytest.raises(ActionNotAllowed):
        council_follow_up_set(by=getattr(world, who), days=5)
    assert window() == 20


def test_the_window_is_set_and_audited(world, audited):
    council_follow_up_set(by=world.administrator, days=10)
    council_follow_up_set(by=world.administrator, days=10)  # unchanged: no second entry
    council_follow_up_set(by=world.administrator, days=30)
    assert window() == 30
    entries = audited("config.changed", "directory.council")
    assert [e.detail["before"]["follow_up_working_days"] for e in entries] == [20, 10]


@pytest.mark.parametrize("days", [0, -1, 261, "20"])
def test_a_window_out_of_range_is_refused(world, days):
    with pytest.raises(ServiceError, match="from 1 to 260"):
        council_follow_up_set(by=world.administrator, days=days)
    assert window() == 20


def test_the_settings_page_changes_the_window(client, world):
    client.force_login(world.administrator)
    assert "Replies after closing" in client.get(reverse("council:index")).content.decode()
    url = reverse("council:follow_up")
    assert "For 20 working days after a case is closed" in client.get(url).content.decode()
    refused = client.post(url, {"days": "lots"})
    assert refused.status_code == 400
    assert "Enter the number of working days" in refused.content.decode()
    assert "from 1 to 260" in client.post(url, {"days": "0"}).content.decode()
    assert window() == 20
    response = client.post(url, {"days": "15"}, follow=True)
    assert "Follow-up window saved: 15 working days" in response.content.decode()
    assert window() == 15
    assert AuditEntry.objects.filter(
        action="config.changed", object_type="directory.council", actor=world.administrator
    ).exists()
