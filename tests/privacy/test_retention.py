"""The retention sweep anonymises closed cases after the council's period, keeping statistics."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from tests.conftest import assign
from tests.factories import ConstituentFactory
from tests.privacy.conftest import CLOSED_AT, closed_case, live_case
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.models import Attachment, Case, CaseEvent
from wardcase.constituents.models import Constituent
from wardcase.mail.models import OutboxMessage
from wardcase.privacy.anonymise import MARKER, postcode_sector, postcode_sector_sql
from wardcase.privacy.locks import sweep_lock
from wardcase.privacy.models import AnonymisedCase, RetentionPolicy
from wardcase.privacy.retention import retention_sweep

JUST_BEFORE = datetime(2028, 1, 15, 9, 59, tzinfo=UTC)
JUST_AFTER = datetime(2028, 1, 15, 10, 1, tzinfo=UTC)


def sweep(at):
    call_command("retention_sweep", at=at.isoformat())


def test_nothing_is_anonymised_before_the_period_ends(world, ada):
    """A case closed 23 months and 30 days ago keeps its personal data."""
    case = closed_case(world, constituent=ada)
    sweep(JUST_BEFORE)
    case.refresh_from_db()
    ada.refresh_from_db()
    assert case.description.startswith("Ada says")
    assert ada.name == "Ada Resident"
    assert not AnonymisedCase.objects.exists()


def test_a_case_past_the_period_loses_its_personal_data(world):
    """Two years after closure: name, contact details, free text and files are gone."""
    person = {
        "name": "Cy Resident",
        "address": "9 Mill Lane",
        "postcode": "TE1 1ST",
        "email": "cy@example.org",
        "phone": "01234 567890",
    }
    case = closed_case(world, constituent=person)
    file_path = case.attachments.get().file.path
    sweep(JUST_AFTER)
    case.refresh_from_db()
    constituent = Constituent.objects.get(pk=case.constituent_id)
    assert (case.subject, case.description, case.location) == (MARKER, MARKER, "")
    assert set(case.events.exclude(body="").values_list("body", flat=True)) == {MARKER}
    assert not case.events.filter(kind="edited").exclude(data={}).exists()
    assert constituent.name == "Anonymised constituent"
    assert (constituent.address, constituent.email, constituent.phone) == ("", "", "")
    assert constituent.postcode == "TE1 1"
    assert constituent.anonymised_at == JUST_AFTER
    attachment = Attachment.objects.get(case=case)
    assert attachment.file.name == "" and attachment.size == 0
    assert not Path(file_path).exists()
    assert set(OutboxMessage.objects.filter(case=case).values_list("body", flat=True)) <= {MARKER}


def test_statistics_survive_anonymising(world, ada):
    """Counts by service and status, and charter dates, are the same after the sweep."""
    case = closed_case(world, constituent=ada)
    closed_case(world, constituent={"name": "Dee Resident"})

    def figures():
        by_service = list(
            Case.objects.values("service", "status", "outcome", "ward", "department")
            .annotate(n=Count("pk"))
            .order_by("service")
        )
        dates = list(
            Case.objects.order_by("pk").values_list(
                "created_at", "assigned_at", "acknowledged_at", "responded_at", "closed_at"
            )
        )
        events = list(CaseEvent.objects.values("kind").annotate(n=Count("pk")).order_by("kind"))
        return by_service, dates, events

    before = figures()
    sweep(JUST_AFTER)
    assert figures() == before
    assert Case.objects.get(pk=case.pk).responded_at is not None


def test_a_constituent_with_a_live_case_keeps_their_details(world, ada):
    """Only the old case is anonymised while the same person has another case open."""
    old = closed_case(world, constituent=ada)
    open_case = live_case(world, constituent=ada, subject="Noisy neighbours")
    sweep(JUST_AFTER)
    ada.refresh_from_db()
    open_case.refresh_from_db()
    assert Case.objects.get(pk=old.pk).description == MARKER
    assert ada.name == "Ada Resident" and ada.email == "ada@example.org"
    assert open_case.subject == "Noisy neighbours"


def test_the_constituent_goes_once_their_last_case_is_due(world, ada):
    """When every case of a constituent is past retention, the constituent is anonymised."""
    with time_machine.travel(CLOSED_AT, tick=False):
        services.case_close(case=assign(world), by=world.councillor, outcome="withdrawn")
    closed_case(world, constituent=ada)
    sweep(JUST_AFTER)
    ada.refresh_from_db()
    assert ada.name == "Anonymised constituent"


def test_the_council_sets_the_period(world, ada):
    """With a 12-month schedule a case closed 13 months ago is anonymised."""
    RetentionPolicy.objects.create(council=world.council, anonymise_after_months=12)
    case = closed_case(world, constituent=ada)
    sweep(datetime(2027, 1, 15, 9, 0, tzinfo=UTC))
    assert Case.objects.get(pk=case.pk).description.startswith("Ada says")
    sweep(datetime(2027, 2, 15, 11, 0, tzinfo=UTC))
    assert Case.objects.get(pk=case.pk).description == MARKER


def test_the_sweep_is_idempotent_and_audited(world, ada):
    """A second run touches nothing; each run writes its counts to the audit log."""
    closed_case(world, constituent=ada)
    first = retention_sweep(at=JUST_AFTER)
    second = retention_sweep(at=JUST_AFTER)
    assert first["cases"] == 1 and first["events"] == 2 and first["attachments"] == 1
    assert set(second.values()) == {0}
    entries = AuditEntry.objects.filter(action="privacy.retention_sweep").order_by("id")
    assert [e.detail["cases"] for e in entries] == [1, 0]


def test_a_held_lock_stops_a_second_sweep(world, ada):
    """While one sweep holds the lock another returns without doing anything."""
    closed_case(world, constituent=ada)
    with sweep_lock("retention_sweep") as taken:
        assert taken
        assert retention_sweep(at=JUST_AFTER) is None
    assert retention_sweep(at=JUST_AFTER)["cases"] == 1


def test_the_command_rejects_a_bad_date(db):
    """--at that is not a date and time is refused with a clear message."""
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("retention_sweep", at="next tuesday")


@pytest.mark.parametrize(
    ("postcode", "sector"), [("TE1 1ST", "TE1 1"), ("SW1A 2AA", "SW1A 2"), ("", "")]
)
def test_postcode_sector(world, postcode, sector):
    """Only the outward code and the first digit of the inward code are kept, by the rule in
    Python and by the SQL that the sweep runs."""
    assert postcode_sector(postcode) == sector
    person = ConstituentFactory(postcode=postcode)
    Constituent.objects.filter(pk=person.pk).update(postcode=postcode_sector_sql())
    assert Constituent.objects.get(pk=person.pk).postcode == sector


def test_a_removed_file_is_not_found_rather_than_an_error(client, world, ada):
    """After anonymising, the old download link answers 404, and the case page still shows."""
    case = closed_case(world, constituent=ada)
    attachment = case.attachments.get()
    sweep(JUST_AFTER)
    client.force_login(world.councillor)
    assert client.get(f"/cases/{case.reference}/attachments/{attachment.pk}/").status_code == 404
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "Ada says" not in page.content.decode()


def test_cases_of_one_person_split_across_batches_still_anonymise_them(world, ada, monkeypatch):
    """With batches of one case, every case and the constituent are still anonymised."""
    from wardcase.privacy import retention

    monkeypatch.setattr(retention, "BATCH_SIZE", 1)
    with time_machine.travel(CLOSED_AT, tick=False):
        services.case_close(case=assign(world), by=world.councillor, outcome="withdrawn")
    closed_case(world, constituent=ada)
    counts = retention_sweep(at=JUST_AFTER)
    ada.refresh_from_db()
    assert counts["cases"] == 2 and counts["constituents"] == 1
    assert ada.name == "Anonymised constituent"
