"""Marking a generated letter as sent: on the timeline, and it is the written update."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.letters.test_letters import _template
from tests.letters.test_letters import responded as responded  # the fixture
from wardcase.audit.models import AuditEntry
from wardcase.cases.choices import EventKind
from wardcase.cases.services.charter_rebuild import rebuild_clocks
from wardcase.charter.models import Clock
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.letters.models import Purpose
from wardcase.letters.services import letter_generate, letter_mark_sent


def _update_clocks(case):
    return list(case.clocks.filter(kind=Clock.Kind.UPDATE).order_by("started_at", "id"))


def test_a_sent_letter_meets_the_update_clock_and_starts_the_next(world, responded):
    letter = letter_generate(
        case=responded, template=_template(Purpose.RESPONSE), by=world.councillor
    )
    (running,) = _update_clocks(responded)
    assert running.state == Clock.State.RUNNING
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        event = letter_mark_sent(case=responded, attachment_id=letter.pk, by=world.caseworker)
    assert event.kind == EventKind.LETTER_SENT and event.data["attachment_id"] == letter.pk
    first, second = _update_clocks(responded)
    assert first.state == Clock.State.MET and first.met_at == event.created_at
    assert second.state == Clock.State.RUNNING and second.due_on > first.due_on
    assert AuditEntry.objects.filter(action="case.letter_sent", case_id=responded.pk).exists()


def test_a_letter_is_sent_once_and_only_by_the_councillors_side(world, responded):
    letter = letter_generate(
        case=responded, template=_template(Purpose.RESPONSE), by=world.councillor
    )
    with pytest.raises(ActionNotAllowed):
        letter_mark_sent(case=responded, attachment_id=letter.pk, by=world.officer)
    letter_mark_sent(case=responded, attachment_id=letter.pk, by=world.councillor)
    with pytest.raises(ServiceError, match="already marked as sent"):
        letter_mark_sent(case=responded, attachment_id=letter.pk, by=world.councillor)
    with pytest.raises(ServiceError, match="letter generated on this case"):
        letter_mark_sent(case=responded, attachment_id="999999", by=world.councillor)
    assert responded.events.filter(kind=EventKind.LETTER_SENT).count() == 1


def test_rebuilding_the_clocks_keeps_the_letter_as_the_update(world, responded):
    letter = letter_generate(
        case=responded, template=_template(Purpose.RESPONSE), by=world.councillor
    )
    letter_mark_sent(case=responded, attachment_id=letter.pk, by=world.councillor)
    before = [(c.state, c.due_on) for c in _update_clocks(responded)]
    rebuild_clocks(case_ids=[responded.pk])
    assert [(c.state, c.due_on) for c in _update_clocks(responded)] == before


def test_marking_sent_from_the_case_page(client, world, responded):
    letter = letter_generate(
        case=responded, template=_template(Purpose.RESPONSE), by=world.councillor
    )
    client.force_login(world.councillor)
    page = client.get(responded.get_absolute_url()).content.decode()
    assert "Mark as sent" in page
    url = reverse("letters:sent", args=[responded.reference])
    response = client.post(url, {"letter": letter.pk}, follow=True)
    body = response.content.decode()
    assert "counts as the case" in body and "Sent on" in body
    assert "Letter sent" in body  # the timeline entry
    client.force_login(world.other_councillor)
    assert client.post(url, {"letter": letter.pk}).status_code == 404
    client.force_login(world.officer)
    assert client.post(url, {"letter": letter.pk}).status_code == 403
    assert responded.events.filter(kind=EventKind.LETTER_SENT).count() == 1
