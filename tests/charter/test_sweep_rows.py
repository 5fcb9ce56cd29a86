"""What the sweep writes, row by row: over several cases, clocks, recipients and days,
exactly these timeline entries and outbox rows (text, states, reply addresses and mail
threads), whichever way they are written."""

import json
from pathlib import Path
from types import SimpleNamespace

import time_machine

from tests import factories
from tests.charter.conftest import at
from tests.conftest import assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import CaseEvent
from wardcase.cases.services import charter_sweep
from wardcase.cases.services.charter_sweep import sla_sweep
from wardcase.mail import tasks
from wardcase.mail.addresses import case_reply_address
from wardcase.mail.models import OutboxMessage

SWEPT = [EventKind.REMINDER, EventKind.DEADLINE_MISSED, EventKind.ESCALATED]
EXPECTED = Path(__file__).with_name("sweep_rows.json")
LINK = "\n\nOpen the case: http://127.0.0.1:8000/cases/{ref}/"


def _cases(world):
    """Four cases: two with the Highways officer (one a digest reader), one led by the
    head himself (told once, not twice), one in Housing, which has no head."""
    world.officer.email_digest = True
    world.officer.save(update_fields=["email_digest"])
    factories.CoordinatorFactory(username="coordinator.two", email="c2@example.org")
    factories.CoordinatorFactory(username="coordinator.gone", is_active=False)
    factories.CoordinatorFactory(username="coordinator.mute", email="")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        first = assign(world)
        second = services.case_create(
            by=world.councillor,
            owner=world.councillor,
            subject="Streetlight out",
            description="Dark since Friday.",
            service=world.service,
            constituent={"name": "Bo Resident"},
        )
        services.case_assign(
            case=second, by=world.coordinator, department=world.department, lead_officer=world.head
        )
    with time_machine.travel(at(2026, 3, 3, 11), tick=False):
        third = assign(
            world,
            services.case_create(
                by=world.councillor,
                owner=world.councillor,
                subject="Blocked drain",
                description="Water across the road.",
                service=world.service,
                constituent={"name": "Cy Resident"},
            ),
        )
        services.case_assign(
            case=world.other_case,
            by=world.coordinator,
            department=world.other_department,
            lead_officer=world.other_officer,
        )
    return [first, second, third, world.other_case]


def _written(cases, first_event, first_mail):
    refs = {case.pk: f"case{n}" for n, case in enumerate(cases, 1)}
    events = sorted(
        [
            refs[e.case_id],
            e.kind,
            e.created_at.isoformat(),
            e.visibility,
            e.author_id,
            e.body,
            e.data,
        ]
        for e in CaseEvent.objects.filter(pk__gt=first_event, kind__in=SWEPT)
    )
    every = list(OutboxMessage.objects.select_related("recipient", "case"))
    ids = {m.message_id: m for m in every}
    assert len(ids) == len(every), "every message has its own Message-ID"
    mails = [m for m in every if m.pk > first_mail]

    def text(m):
        link = LINK.format(ref=m.case.reference)
        return [
            m.subject.replace(m.case.reference, refs[m.case_id]),
            m.body.replace(link, "").replace(m.case.reference, refs[m.case_id]),
            m.body.endswith(link),
        ]

    def name(message_id):
        # A message another names, by what it says, since Message-IDs are random.
        m = ids[message_id]
        return " | ".join([m.to, *map(str, text(m)[:2])])

    rows = []
    for m in mails:
        assert m.reply_to == case_reply_address(case=m.case, user=m.recipient)
        assert m.message_id.endswith("@localhost>")
        rows.append(
            [
                m.to,
                m.recipient.username,
                refs[m.case_id],
                *text(m),
                m.state,
                m.attempts,
                m.in_reply_to and name(m.in_reply_to),
                [name(i) for i in m.references.split()],
            ]
        )
    return events, sorted(rows)


def _expected(name):
    """The rows written by the sweep as it was before it was set-based, kept in a file."""
    return json.loads(EXPECTED.read_text())[name]


def _swept(world, moments, monkeypatch, capture):
    """The rows the sweeps at `moments` wrote; checks too that each pending row, and
    only those, was handed to a send task once the sweep committed."""
    cases = _cases(world)
    first_event = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    first_mail = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queued = []
    monkeypatch.setattr(tasks, "send_outbox_messages", SimpleNamespace(enqueue=queued.extend))
    monkeypatch.setattr(tasks, "send_outbox_message", SimpleNamespace(enqueue=queued.append))
    for moment in moments:
        with capture(execute=True):
            sla_sweep(at=moment)
    pending = OutboxMessage.objects.filter(pk__gt=first_mail, state=OutboxMessage.State.PENDING)
    assert sorted(queued) == sorted(pending.values_list("pk", flat=True))
    return _written(cases, first_event, first_mail)


def test_sweeps_day_by_day_write_exactly_these_rows(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """Reminders, then breaches, then escalations, a few at a time."""
    moments = [at(2026, 3, 4, 10), at(2026, 3, 6, 10), at(2026, 3, 13, 10), at(2026, 3, 17, 10)]
    moments.append(at(2026, 3, 25, 10))
    events, mails = _swept(world, moments, monkeypatch, django_capture_on_commit_callbacks)
    assert [events, mails] == _expected("day by day")


def test_one_late_sweep_writes_exactly_these_rows(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """Everything at once: two clocks of a case breach together, and the second notice to
    each person answers the first in the same thread."""
    late = [at(2026, 3, 25, 10)]
    events, mails = _swept(world, late, monkeypatch, django_capture_on_commit_callbacks)
    assert [events, mails] == _expected("late")


def test_a_late_sweep_in_batches_of_one_clock_writes_the_same_rows(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """Batches only split the work: a clock at a time, the same timeline entries and
    messages, and a notice threads on one written in an earlier batch. Only a message
    held for a digest threads differently across batches: the lookup of earlier
    messages reads those pending or sent (as `notify_user` does), while messages of one
    batch thread on each other whatever their state (as on main)."""
    monkeypatch.setattr(charter_sweep, "BATCH", 1)
    late = [at(2026, 3, 25, 10)]
    events, mails = _swept(world, late, monkeypatch, django_capture_on_commit_callbacks)
    expected_events, expected_mails = _expected("late")
    assert events == expected_events

    def unthreaded_if_held(rows):
        return sorted([*row[:8], None, None] if row[6] == "held" else row for row in rows)

    assert unthreaded_if_held(mails) == unthreaded_if_held(expected_mails)
    threaded = [row for row in mails if row[6] != "held" and row[8]]
    assert len(threaded) == len([r for r in expected_mails if r[6] != "held" and r[8]]) > 0
