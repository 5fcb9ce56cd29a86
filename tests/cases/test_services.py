"""Case services: the rules every interface shares."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.conftest import assign
from wardcase.audit.models import AuditEntry
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Attachment, Case
from wardcase.constituents.models import Constituent
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.mail.models import OutboxMessage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def new_case(world, **overrides):
    fields = {
        "by": world.councillor,
        "owner": world.councillor,
        "subject": "Overgrown hedge",
        "description": "Blocking the pavement.",
        "service": world.service,
        "constituent": {"name": "Fay Resident"},
    }
    return services.case_create(**{**fields, **overrides})


def test_references_run_in_sequence_per_year(world):
    """Each new case takes the next number of the year."""
    first, second = new_case(world), new_case(world)
    number = int(first.reference.rsplit("-", 1)[1])
    assert second.reference == f"{first.reference[:8]}{number + 1:06d}"


def test_only_subject_description_service_and_name_are_required(world):
    """A case needs only the four essentials; the ward comes from the councillor."""
    case = new_case(world)
    assert case.ward == world.ward and case.status == Status.NEW
    assert case.events.get().kind == EventKind.CREATED


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"description": ""}, "description"),
        ({"constituent": {"name": ""}}, "constituent_name"),
        ({"constituent": {"name": "G", "postcode": "12345"}}, "constituent_postcode"),
        ({"constituent": {"name": "G", "email": "not-an-email"}}, "constituent_email"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(world, overrides, field):
    """Each missing or malformed field is named, and no case or constituent is left behind."""
    cases, people = Case.objects.count(), Constituent.objects.count()
    with pytest.raises(ServiceError) as error:
        new_case(world, **overrides)
    assert error.value.field == field
    assert (Case.objects.count(), Constituent.objects.count()) == (cases, people)


def test_attachments_are_checked_by_content(world):
    """A real PDF is kept under a generated name; an executable called .pdf is refused."""
    case = new_case(world, files=[SimpleUploadedFile("letter.pdf", PDF)])
    attachment = case.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert "letter" not in attachment.file.name
    cases = Case.objects.count()
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    with pytest.raises(ServiceError, match="invoice.pdf is not a file type"):
        new_case(world, files=[fake])
    assert Case.objects.count() == cases
    assert Attachment.objects.count() == 1


def test_oversize_upload_is_refused(world, settings):
    """Files over the size limit are refused with the limit in the message."""
    settings.WARDCASE_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ServiceError, match="larger than 1 MB"):
        new_case(world, files=[big])


def test_caseworker_logs_only_for_councillors_they_act_for(world):
    """A caseworker may log for their councillor, not for another."""
    case = new_case(world, by=world.caseworker)
    assert case.owner == world.councillor and case.created_by == world.caseworker
    with pytest.raises(ActionNotAllowed):
        new_case(world, by=world.caseworker, owner=world.other_councillor)
    with pytest.raises(ActionNotAllowed):
        new_case(world, by=world.officer, owner=world.councillor)


@time_machine.travel("2026-03-06 15:00:00+00:00", tick=False)
def test_assignment_sets_charter_dates_and_notifies_the_officer(world):
    """Assigning on a Friday afternoon: acknowledge by Wednesday, respond in two weeks."""
    case = assign(world)
    assert str(case.acknowledge_due) == "2026-03-11"
    assert str(case.response_due) == "2026-03-20"
    message = OutboxMessage.objects.get(recipient=world.officer)
    assert case.reference in message.subject


def test_reassignment_is_kept_on_the_timeline(world):
    """Moving a case to another department keeps who had it before."""
    assign(world)
    case = services.case_assign(
        case=world.case,
        by=world.coordinator,
        department=world.other_department,
        lead_officer=world.other_officer,
        reason="It is a housing matter",
    )
    assert case.department == world.other_department
    moves = case.events.filter(kind=EventKind.ASSIGNED).order_by("id")
    assert moves.count() == 2
    assert moves.last().data["previous"]["lead_officer"] == world.officer.pk


def test_lead_officer_must_belong_to_the_department(world):
    """An officer of another department cannot lead the case there."""
    with pytest.raises(ServiceError, match="is not in"):
        services.case_assign(
            case=world.case,
            by=world.coordinator,
            department=world.department,
            lead_officer=world.other_officer,
        )


def test_head_of_service_cannot_move_a_case_out_of_their_department(world):
    """A head of service reassigns within their department; only a coordinator moves it out."""
    assign(world)
    other_head = factories.HeadOfServiceFactory(department=world.other_department)
    with pytest.raises(ActionNotAllowed):
        services.case_assign(
            case=world.case,
            by=world.head,
            department=world.other_department,
            lead_officer=other_head,
        )


def test_officer_cannot_close_and_councillor_can(world):
    """Officers propose closure; only the owner closes."""
    case = assign(world)
    services.case_propose_closure(case=case, by=world.officer, reason="Done")
    with pytest.raises(ActionNotAllowed):
        services.case_close(case=case, by=world.officer, outcome="resolved")
    with pytest.raises(ActionNotAllowed):
        services.case_close(case=case, by=world.other_councillor, outcome="resolved")
    case = services.case_close(case=case, by=world.councillor, outcome="resolved")
    assert case.status == Status.CLOSED and case.outcome == "resolved"


def test_reopen_by_owner_only(world):
    """A closed case is reopened by its owner and goes back to the officer."""
    case = services.case_close(case=world.case, by=world.councillor, outcome="withdrawn")
    with pytest.raises(ActionNotAllowed):
        services.case_reopen(case=case, by=world.coordinator, reason="x")
    case = services.case_reopen(case=case, by=world.councillor, reason="Came back")
    assert case.status == Status.REOPENED and case.outcome == ""


def test_an_update_counts_as_acknowledgement(world):
    """An officer who answers before acknowledging has acknowledged."""
    case = assign(world)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.UPDATE, body="On it")
    case.refresh_from_db()
    assert case.acknowledged_at is not None and case.status == Status.IN_PROGRESS


def test_chase_records_and_tells_the_officer(world):
    """Request an update: on the timeline, audited, and an email to the lead officer."""
    case = assign(world)
    OutboxMessage.objects.all().delete()
    services.case_chase(case=case, by=world.caseworker)
    assert case.events.filter(kind=EventKind.CHASE, author=world.caseworker).exists()
    assert OutboxMessage.objects.get().recipient == world.officer
    assert AuditEntry.objects.filter(action="case.chased", actor=world.caseworker).exists()


def test_chasing_an_unassigned_case_is_refused(world):
    """There is nobody to chase before the case is assigned."""
    with pytest.raises(ActionNotAllowed):
        services.case_chase(case=world.case, by=world.councillor)


def test_outbox_sends_once(world, mailoutbox, django_capture_on_commit_callbacks):
    """Notifications go through the outbox after commit, and are sent exactly once."""
    from wardcase.mail.services import outbox_send

    with django_capture_on_commit_callbacks(execute=True):
        assign(world)
    message = OutboxMessage.objects.get(recipient=world.officer)
    assert message.state == OutboxMessage.State.SENT
    assert len(mailoutbox) == 1
    assert outbox_send(message_id=message.pk) is False
    assert len(mailoutbox) == 1


def test_every_change_is_audited(world):
    """Create, assign, acknowledge, respond and close each leave an audit entry."""
    case = assign(world)
    services.case_acknowledge(case=case, by=world.officer)
    services.case_add_event(case=case, by=world.officer, kind="full_response", body="Done")
    services.case_close(case=case, by=world.councillor, outcome="resolved")
    actions = set(AuditEntry.objects.filter(case=case).values_list("action", flat=True))
    assert {
        "case.created",
        "case.assigned",
        "case.acknowledged",
        "case.full_response",
        "case.closed",
    } <= actions


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"channel": "carrier pigeon"}, "channel"),
        ({"enquirer_type": "mayor"}, "enquirer_type"),
        ({"priority": "whenever"}, "priority"),
        ({"case_type": "gripe"}, "case_type"),
    ],
)
def test_unknown_choices_are_refused_by_the_service(world, overrides, field):
    """Whatever the caller, a value outside the lists is refused and names the field."""
    cases = Case.objects.count()
    with pytest.raises(ServiceError) as error:
        new_case(world, **overrides)
    assert error.value.field == field
    assert Case.objects.count() == cases


def test_an_edit_with_an_unknown_choice_changes_nothing(world):
    """Correcting details with a bad priority leaves the case as it was."""
    with pytest.raises(ServiceError, match="whenever is not a priority"):
        services.case_update_details(
            case=world.case,
            by=world.councillor,
            version=1,
            changes={"subject": "Changed", "priority": "whenever"},
        )
    world.case.refresh_from_db()
    assert world.case.subject == "Pothole on Mill Lane" and world.case.version == 1


def test_a_case_without_a_subject_takes_the_start_of_its_description(world):
    """A blank subject becomes the description's first line, cut at a word within 60."""
    case = new_case(world, subject="  ", description="Short one.\nMore detail here.")
    assert case.subject == "Short one."
    long = "Bins not emptied on Elm Road for three weeks running and the foxes are at them"
    case = new_case(world, subject="", description=long)
    assert case.subject == "Bins not emptied on Elm Road for three weeks running and…"
    assert len(case.subject) <= 60


def test_a_repeat_caller_is_linked_not_recorded_twice(world):
    """An existing person the user may see is linked by id; no new constituent is made."""
    people = Constituent.objects.count()
    case = new_case(world, constituent=None, constituent_id=world.case.constituent_id)
    assert case.constituent_id == world.case.constituent_id
    assert Constituent.objects.count() == people


@pytest.mark.parametrize("whose", ["other_councillor", "unknown"])
def test_a_person_the_user_may_not_see_cannot_be_linked(world, whose):
    """Someone only another councillor's case names, or no one, is refused alike; nothing
    is stored."""
    pk = world.other_case.constituent_id if whose == "other_councillor" else 999_999
    cases = Case.objects.count()
    with pytest.raises(ServiceError) as error:
        new_case(world, constituent=None, constituent_id=pk)
    assert error.value.field == "constituent_id"
    assert Case.objects.count() == cases


@pytest.mark.parametrize(
    "details,preference",
    [
        ({"email": "fay@example.org", "phone": "01234 567890"}, "email"),
        ({"phone": "01234 567890"}, "phone"),
        ({"address": "1 High Street"}, "letter"),
        ({}, "none"),
        ({"phone": "01234 567890", "contact_preference": "letter"}, "letter"),
    ],
)
def test_the_contact_preference_follows_the_details_given(world, details, preference):
    """Someone with only a phone is not recorded as preferring email."""
    case = new_case(world, constituent={"name": "Fay Resident", **details})
    assert case.constituent.contact_preference == preference
