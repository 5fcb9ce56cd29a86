"""The outbox written in bulk: the notification port's bulk sender (sweeps).

The rows are those `services.notify_many` writes, to the character: the same subject
prefix, case link, digest hold, Message-ID, signed reply address and thread headers,
and one send task for the pending ones once the transaction commits. Only what differs
per message (its Message-ID, reply address and thread) is worked out per row; the rows
go to the database as plain values in one multi-row INSERT per chunk, with no model
object made for each, and nothing is returned but how many were written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from wardcase.cases.models import Case
from wardcase.core.bulk import insert_rows
from wardcase.core.notifications import Message
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import with_case_link
from wardcase.mail.threading import thread_fields_many

COLUMNS = [
    *("created_at", "to", "subject", "body", "case", "recipient", "state", "attempts"),
    *("last_error", "message_id", "in_reply_to", "references", "reply_to", "claim_token"),
]
# References a URL carries as they are (reverse() quotes nothing in them), so each
# case's link is the stand-in's with the reference put in.
_AS_IS = re.compile(r"[A-Za-z0-9._~-]+")
_STAND_IN = "WCREFERENCE0"


def _links(cases: dict[Any, Any]) -> dict[Any, str]:
    """Each case's link line (`with_case_link` of an empty body), by case id, with
    one URL reversal for them all."""
    shape = with_case_link(body="", case=Case(reference=_STAND_IN))
    return {
        pk: (
            shape.replace(_STAND_IN, case.reference)
            if _AS_IS.fullmatch(str(case.reference))
            else with_case_link(body="", case=case)
        )
        for pk, case in cases.items()
    }


def outbox_write_bulk(messages: Sequence[Message]) -> int:
    """Write rendered messages to the outbox as `notify_many` would; returns how many."""
    notices = [n for n in messages if n.user and n.user.email]
    if not notices:
        return 0
    threads = thread_fields_many([(n.case, n.user) for n in notices])
    links = _links({n.case.pk: n.case for n in notices if n.case is not None})
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    pending, held = OutboxMessage.State.PENDING.value, OutboxMessage.State.HELD.value
    rows = []
    for n, fields in zip(notices, threads, strict=True):
        case_id = n.case.pk if n.case is not None else None
        rows.append(
            (
                created_at,
                n.user.email,
                f"[{n.case.reference}] {n.subject}" if case_id is not None else n.subject,
                n.body + links[case_id] if case_id is not None else n.body,
                case_id,
                n.user.pk,
                held if n.digestible and n.user.email_digest else pending,
                0,
                "",
                fields["message_id"],
                fields.get("in_reply_to", ""),
                fields.get("references", ""),
                fields.get("reply_to", ""),
                "",
            )
        )
    written = insert_rows(OutboxMessage, COLUMNS, rows, returning=["id", "state"])
    to_send = [pk for pk, state in written if state == pending]
    if to_send:
        from wardcase.mail.tasks import send_outbox_messages

        transaction.on_commit(lambda: send_outbox_messages.enqueue(to_send))
    return len(written)
