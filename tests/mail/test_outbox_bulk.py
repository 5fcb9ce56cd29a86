"""The outbox written in bulk (`notify_in_bulk`, for sweeps) holds what `notify_many`
writes for the same notices, row for row: text, link, digest hold, reply address and
thread; and only the rows to send now are handed to a send task."""

from datetime import date

from wardcase.core.notifications import Notice, notify_in_bulk, notify_many
from wardcase.mail.models import OutboxMessage

FIELDS = ["to", "recipient_id", "subject", "body", "case_id", "state", "attempts", "reply_to"]


def _notices(world):
    context = {"what": "acknowledgement", "due_on": date(2026, 3, 5)}
    about = [world.case, world.other_case, world.case]
    notices = [
        Notice(user=user, template="cases/notices/overdue.txt", context=context, case=case)
        for case in about
        for user in (world.officer, world.head)
    ]
    notices.append(Notice(user=world.head, template="cases/notices/closed.txt", case=world.case))
    notices.append(
        Notice(user=world.officer, template="cases/notices/reminder.txt", context=context)
    )
    notices.append(Notice(user=None, template="cases/notices/overdue.txt", context=context))
    return [
        Notice(user=n.user, template=n.template, context=n.context, case=n.case, digestible=True)
        for n in notices
    ]


def _rows(first):
    rows = OutboxMessage.objects.filter(pk__gt=first).order_by("pk")
    messages = {m.message_id: n for n, m in enumerate(rows)}
    return [
        (
            *[getattr(m, f) for f in FIELDS],
            messages.get(m.in_reply_to, m.in_reply_to and "earlier"),
            [messages.get(i, "earlier") for i in m.references.split()],
        )
        for m in rows
    ]


def test_bulk_rows_are_the_rows_notify_many_writes(world, django_capture_on_commit_callbacks):
    world.officer.email_digest = True
    world.officer.save(update_fields=["email_digest"])
    world.other_officer.email = ""
    notices = _notices(world)
    with django_capture_on_commit_callbacks() as one_by_one:
        start = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        notify_many(notices=notices)
    expected = _rows(start)
    OutboxMessage.objects.filter(pk__gt=start).delete()
    with django_capture_on_commit_callbacks() as in_bulk:
        assert notify_in_bulk(notices=notices) == len(expected)
    assert _rows(start + len(expected)) == expected
    assert len(one_by_one) == len(in_bulk) == 1  # one send task for the pending rows
    held = {row[5] for row in expected}
    assert held == {OutboxMessage.State.PENDING, OutboxMessage.State.HELD}
