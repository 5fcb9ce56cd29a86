"""Sending back a mis-routed case, assigning with the service's department first, and
assigning a restricted case the coordinator then cannot see."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import acknowledged, assign
from wardcase.audit.models import AuditEntry
from wardcase.cases import selectors, services
from wardcase.cases.choices import EventKind, Status, Visibility
from wardcase.cases.forms import AssignForm
from wardcase.cases.models import Case
from wardcase.cases.services.charter_rebuild import rebuild_clocks
from wardcase.charter.models import Clock
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.mail.models import OutboxMessage


def due_dates(case):
    return sorted(
        Clock.objects.filter(case=case, state__in=Clock.LIVE_STATES).values_list("kind", "due_on")
    )


def test_an_officer_sends_a_case_back_to_the_coordinators(world):
    """Unassigned and new again, in the coordinators' list; the councillor sees why on the
    timeline, the audit log records it, and the coordinators are told."""
    case = assign(world)
    services.case_send_back(case=case, by=world.officer, reason="Street lights are Parks.")
    case = Case.objects.get(pk=case.pk)
    assert (case.department, case.lead_officer, case.status) == (None, None, Status.NEW)
    new_list = selectors.case_list(user=world.coordinator, filters={"unassigned": True})
    assert case in new_list
    event = case.events.get(kind=EventKind.SENT_BACK)
    assert event.visibility == Visibility.EVERYONE
    assert event.body == "Street lights are Parks." and event.data["department"] == "Highways"
    seen = selectors.case_timeline(user=world.councillor, case=case)
    assert event in seen
    assert AuditEntry.objects.filter(action="case.sent_back", actor=world.officer).exists()
    assert OutboxMessage.objects.filter(recipient=world.coordinator, case=case).exists()


def test_a_head_of_service_sends_a_case_back_instead_of_a_403(world):
    """Moving a case to another department is the coordinators' call; the head sends it back."""
    case = assign(world)
    with pytest.raises(ActionNotAllowed):
        services.case_assign(
            case=case,
            by=world.head,
            department=world.other_department,
            lead_officer=world.other_officer,
        )
    services.case_send_back(case=case, by=world.head, reason="Housing's, not ours.")
    assert Case.objects.get(pk=case.pk).department is None


@pytest.mark.parametrize("who", ["councillor", "caseworker", "coordinator", "other_officer"])
def test_only_officers_on_the_case_send_it_back(world, who):
    case = assign(world)
    with pytest.raises(ActionNotAllowed):
        services.case_send_back(case=case, by=getattr(world, who), reason="Not ours")
    assert Case.objects.get(pk=case.pk).department == world.department


def test_a_reason_is_required_and_nothing_changes_without_one(world):
    case = assign(world)
    with pytest.raises(ServiceError) as raised:
        services.case_send_back(case=case, by=world.officer, reason="   ")
    assert raised.value.field == "reason"
    case = Case.objects.get(pk=case.pk)
    assert case.department == world.department and not case.events.filter(kind="sent_back")


def test_clocks_keep_running_and_restart_for_the_new_officer(world):
    """The wait does not stop for a mis-route; the next department gets fresh acknowledge
    and response clocks, and replaying the timeline gives the same dates."""
    case = assign(world)
    before = due_dates(case)
    services.case_send_back(case=case, by=world.officer, reason="Not ours")
    assert due_dates(case) == before
    case = services.case_assign(
        case=Case.objects.get(pk=case.pk),
        by=world.coordinator,
        department=world.other_department,
        lead_officer=world.other_officer,
    )
    assert case.status == Status.ASSIGNED
    live = Clock.objects.filter(case=case, state__in=Clock.LIVE_STATES)
    assert live.filter(kind="acknowledge").get().started_at == case.assigned_at
    assert live.filter(kind="resolve").get().started_at < case.assigned_at
    after = due_dates(case)
    rebuild_clocks(case_ids=[case.pk])
    assert due_dates(case) == after


def test_an_acknowledged_case_sent_back_keeps_its_clocks(world):
    case = acknowledged(world)
    before = due_dates(case)
    services.case_send_back(case=case, by=world.officer, reason="Not ours")
    case = services.case_assign(
        case=Case.objects.get(pk=case.pk),
        by=world.coordinator,
        department=world.other_department,
        lead_officer=world.other_officer,
    )
    assert due_dates(case) == before


def test_the_case_page_offers_send_back_and_confirms_it(client, world):
    """The officer finds the button on the case page; afterwards they see a confirmation,
    not the 404 the case page would now be."""
    case = assign(world)
    client.force_login(world.officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:send_back", args=[case.reference]) in page
    assert "Send back to the coordinators" in page
    empty = client.post(reverse("cases:send_back", args=[case.reference]), {"reason": ""})
    assert empty.status_code == 400
    assert b"Say why the case is not for your department" in empty.content
    done = client.post(reverse("cases:send_back", args=[case.reference]), {"reason": "Parks"})
    assert done.status_code == 200
    assert b"sent back to the coordinators" in done.content
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_councillor_sees_the_send_back_on_the_timeline(client, world):
    case = assign(world)
    services.case_send_back(case=case, by=world.officer, reason="This is for Parks.")
    client.force_login(world.councillor)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Sent back to be routed again" in page and "This is for Parks." in page


def test_assigning_offers_the_services_department_and_its_officers_first(world):
    """Highways' officers lead the list for a pothole, though Housing sorts first by name."""
    factories.OfficerFactory(name="Aaron Housing", department=world.other_department)
    form = AssignForm(user=world.coordinator, case=world.case)
    assert form.initial["department"] == world.department.pk
    departments = list(form.fields["department"].queryset)
    assert departments[0] == world.department
    groups = [group for group, _choices in form.fields["lead_officer"].choices if group]
    assert groups[0] == "Highways"
    html = str(form["department"])
    assert re.search(rf'value="{world.department.pk}"[^>]*selected', html)


def test_a_head_reassigns_only_within_their_department(world):
    case = assign(world)
    form = AssignForm(user=world.head, case=case)
    assert list(form.fields["department"].queryset) == [world.department]
    assert "send it back" in form.fields["department"].help_text


def test_assigning_a_restricted_case_shows_a_confirmation_not_a_404(client, world):
    """The coordinator sees a restricted case only while it waits for routing."""
    Case.objects.filter(pk=world.case.pk).update(restricted=True)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("cases:assign", args=[world.case.reference]),
        {"department": world.department.pk, "lead_officer": world.officer.pk},
    )
    assert response.status_code == 200
    assert b"assigned to Officer One in Highways" in response.content
    assert b"no longer one you can see" in response.content
    assert Case.objects.get(pk=world.case.pk).lead_officer == world.officer
