"""Consent is recorded with who and when."""

import datetime

import time_machine

from wardcase.cases import services


def test_consent_is_recorded_at_creation_with_who_and_when(world):
    """Logging a case records who took the constituent's consent choices, and when."""
    assert world.case.consent_recorded_by == world.councillor
    assert world.case.consent_recorded_at is not None


def test_changing_consent_records_who_and_when_again(world):
    """A caseworker changing the ward consent becomes the recorder, at that time."""
    at = datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        services.case_update_details(
            case=world.case,
            by=world.caseworker,
            version=world.case.version,
            changes={"consent_share_ward": True},
        )
    world.case.refresh_from_db()
    assert world.case.consent_share_ward is True
    assert world.case.consent_recorded_by == world.caseworker
    assert world.case.consent_recorded_at == at


def test_other_edits_leave_the_consent_record_alone(world):
    """Changing the subject does not rewrite who recorded consent."""
    before = world.case.consent_recorded_at
    services.case_update_details(
        case=world.case,
        by=world.caseworker,
        version=world.case.version,
        changes={"subject": "A new subject"},
    )
    world.case.refresh_from_db()
    assert world.case.consent_recorded_by == world.councillor
    assert world.case.consent_recorded_at == before
