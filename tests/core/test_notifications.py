"""The notification port: written to the outbox by the mail app's sender, nobody to tell is
no message, and a batch reads as each notice rendered alone. Templates:
test_notice_templates.py; what every call site says: test_notice_call_sites.py."""

from datetime import date

import pytest

from wardcase.cases import services
from wardcase.core import notifications
from wardcase.core.notifications import (
    NoNotificationSender,
    Notice,
    notice_render,
    notify_many,
    notify_user,
)
from wardcase.mail.models import OutboxMessage


def test_without_a_sender_notifying_raises_and_writes_nothing(world, monkeypatch):
    monkeypatch.setattr(notifications, "_sender", None)
    with pytest.raises(NoNotificationSender):
        notify_user(
            user=world.officer, template="cases/notices/closed.txt", context={}, case=world.case
        )
    assert not OutboxMessage.objects.exists()


def test_the_mail_app_registers_the_outbox_as_the_sender(world):
    written = notify_user(
        user=world.councillor,
        template="cases/notices/acknowledged.txt",
        context={"by": world.officer},
        case=world.case,
    )
    assert written == OutboxMessage.objects.get()
    assert written.subject == f"[{world.case.reference}] Your case has been acknowledged"


def test_nobody_to_tell_is_no_message(world):
    world.officer.email = ""
    template = "cases/notices/closed.txt"
    assert notify_user(user=None, template=template, context={}, case=world.case) is None
    assert notify_user(user=world.officer, template=template, context={}, case=world.case) is None
    assert not OutboxMessage.objects.exists()


def test_many_notices_are_written_together_and_digestible_ones_held(world):
    world.head.email_digest = True
    world.head.save(update_fields=["email_digest"])
    context = {"what": "acknowledgement", "due_on": date(2026, 3, 5)}
    written = notify_many(
        notices=[
            Notice(
                user=user,
                template="cases/notices/overdue.txt",
                context=context,
                case=world.case,
                digestible=True,
            )
            for user in (world.officer, world.head, None)
        ]
    )
    assert [m.recipient for m in written] == [world.officer, world.head]
    assert [m.state for m in written] == [OutboxMessage.State.PENDING, OutboxMessage.State.HELD]
    assert written[0].body.startswith(
        f"Case {world.case.reference}: the acknowledgement was due by 5 March 2026 and is now"
    )


def _cases(world, subjects):
    return [
        services.case_create(
            by=world.councillor,
            owner=world.councillor,
            subject=subject,
            description="Details",
            service=world.service,
            constituent={"name": "Resident"},
        )
        for subject in subjects
    ]


def test_a_batch_reads_as_each_notice_rendered_alone(world):
    """Notices alike but for their case are rendered once and filled in per case: the
    text must be what rendering each on its own gives, whatever the subject holds."""
    cases = _cases(world, ["Bins & <bags>", "100% broken {{ x }} %(what)s", "Plain"])
    context = {"what": "acknowledgement", "due_on": date(2026, 3, 5)}
    template = "cases/notices/overdue.txt"
    written = notify_many(
        notices=[
            Notice(user=world.officer, template=template, context=context, case=case)
            for case in cases
        ]
    )
    for message, case in zip(written, cases, strict=True):
        subject, body = notice_render(
            template=template, context={"user": world.officer, "case": case, **context}
        )
        assert message.subject == f"[{case.reference}] {subject}"
        assert message.body.startswith(f"{body}\n\n")
        assert case.reference in message.body
    assert written[1].subject.endswith("Overdue: 100% broken {{ x }} %(what)s")


def test_a_template_reading_more_of_the_case_is_rendered_notice_by_notice(world):
    """closed.txt prints the outcome too: filling in only reference and subject would
    give every case the first one's outcome, so each is rendered on its own."""
    cases = _cases(world, ["One", "Two"])
    cases[0].outcome, cases[1].outcome = "resolved", "withdrawn"
    written = notify_many(
        notices=[
            Notice(user=world.officer, template="cases/notices/closed.txt", case=case)
            for case in cases
        ]
    )
    assert written[0].body.startswith(f"{cases[0].reference} was closed: Resolved.")
    assert written[1].body.startswith(f"{cases[1].reference} was closed: Withdrawn.")
