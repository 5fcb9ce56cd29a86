"""Queueing and sending notifications through the outbox.

Sending is claim, send, mark: a sender claims a batch of due rows for a while
(`WARDCASE_OUTBOX_CLAIM_SECONDS`), sends each, and marks each sent as soon as the
server accepts it. Two senders never claim one row; a sender killed mid-batch leaves
its claims to expire, so the unsent rows go later. A stop signal (SIGTERM, SIGINT) is
held while a message is handed to the server and recorded, so a stopped sender sends
nothing twice; only SIGKILL, between the server's acceptance and the record, can leave
the one message in flight to go twice, with the same Message-ID. Failures are retried
with a growing delay, then marked FAILED. A transport that raises `SendDeferred`
(throttled, or its own credentials refused) leaves the rest of the batch queued until
the wait it names has passed, without counting an attempt.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.core.errors import ActionNotAllowed
from wardcase.core.notifications import Message
from wardcase.core.stopping import stop_signals_deferred
from wardcase.core.text import one_line
from wardcase.directory.permissions import can_configure_council
from wardcase.mail.errors import SendDeferred
from wardcase.mail.models import OutboxMessage
from wardcase.mail.threading import email_headers, thread_fields, thread_fields_many

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.cases.models import Case

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_RETRY_DELAY = timedelta(hours=6)
SEND_FIELDS = [
    *("to", "subject", "body", "attempts", "claim_token", "message_id"),
    *("in_reply_to", "references", "reply_to", "case__reference"),
]


def with_case_link(*, body: str, case: Case | None) -> str:
    """A notification about a case ends with the link that opens it, so an officer
    reading it in Outlook or on a phone is one tap from the case."""
    if case is None or not settings.WARDCASE_SITE_URL:
        return body
    url = settings.WARDCASE_SITE_URL.rstrip("/") + case.get_absolute_url()
    return f"{body}\n\n{_('Open the case:')} {url}"


def notify_user(
    *,
    user: User | None,
    subject: str,
    body: str,
    case: Case | None = None,
    digestible: bool = False,
) -> OutboxMessage | None:
    """Queue an email to a user; it is sent after the surrounding transaction commits.

    A `digestible` message (reminders, escalations) to a user who chose the daily digest
    is held and goes out in their next digest instead.
    """
    if not user or not user.email:
        return None
    prefix = f"[{case.reference}] " if case is not None else ""
    held = digestible and user.email_digest
    message = OutboxMessage.objects.create(
        to=user.email,
        recipient=user,
        subject=f"{prefix}{subject}",
        body=with_case_link(body=body, case=case),
        case=case,
        state=OutboxMessage.State.HELD if held else OutboxMessage.State.PENDING,
        **thread_fields(case=case, user=user),
    )
    if not held:
        enqueue_send(message=message)
    return message


# One notification for `notify_many`: the notification port's rendered message.
Notice = Message


def notify_many(*, notices: Iterable[Notice]) -> list[OutboxMessage]:
    """`notify_user` for many notices at once: rows written in bulk, threaded in two
    queries, and one send task for the lot (sweeps tell hundreds of people at a time)."""
    notices = [n for n in notices if n.user and n.user.email]
    threads = thread_fields_many([(n.case, n.user) for n in notices])
    links = {}  # each case's link worked out once, however many are told of it
    for n in notices:
        if n.case is not None and n.case.pk not in links:
            links[n.case.pk] = with_case_link(body="", case=n.case)
    messages = [
        OutboxMessage(
            to=n.user.email,
            recipient=n.user,
            subject=f"[{n.case.reference}] {n.subject}" if n.case is not None else n.subject,
            body=n.body + links[n.case.pk] if n.case is not None else n.body,
            case=n.case,
            state=(
                OutboxMessage.State.HELD
                if n.digestible and n.user.email_digest
                else OutboxMessage.State.PENDING
            ),
            **fields,
        )
        for n, fields in zip(notices, threads, strict=True)
    ]
    OutboxMessage.objects.bulk_create(messages, batch_size=500)
    pending = [m.pk for m in messages if m.state == OutboxMessage.State.PENDING]
    if pending:
        from wardcase.mail.tasks import send_outbox_messages

        transaction.on_commit(lambda: send_outbox_messages.enqueue(pending))
    return messages


def outbox_write(messages: Sequence[Message]) -> list[OutboxMessage]:
    """The notification port's sender (registered in `MailConfig.ready`): the messages
    rendered from notice templates go into the outbox. One message is queued and sent on
    its own, as `notify_user` does; a batch is written in bulk with one send task."""
    if len(messages) == 1:
        [message] = messages
        written = notify_user(
            user=message.user,
            subject=message.subject,
            body=message.body,
            case=message.case,
            digestible=message.digestible,
        )
        return [written] if written is not None else []
    return notify_many(notices=messages)


def enqueue_send(*, message: OutboxMessage) -> None:
    """Send `message` from the outbox once the surrounding transaction commits."""
    from wardcase.mail.tasks import send_outbox_message

    transaction.on_commit(lambda: send_outbox_message.enqueue(message.pk))


def _claimable(now: datetime) -> Q:
    return Q(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        state=OutboxMessage.State.PENDING,
        attempts__lt=MAX_ATTEMPTS,
    )


def _fail_abandoned(now: datetime) -> None:
    """Rows whose every attempt ended with the sender dying mid-send are failed, not lost."""
    OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, attempts__gte=MAX_ATTEMPTS, claimed_until__lt=now
    ).update(
        state=OutboxMessage.State.FAILED,
        last_error="The sender stopped while sending, on every attempt.",
        claim_token="",
        claimed_until=None,
    )


@transaction.atomic
def outbox_claim(*, limit: int, ids: Iterable[int] | None = None) -> list[OutboxMessage]:
    """Claim up to `limit` due messages for this sender; returns them with its token set.

    On PostgreSQL rows another sender is claiming are skipped (SKIP LOCKED); SQLite
    serialises write transactions, so the conditional update alone is enough there.
    """
    now = timezone.now()
    _fail_abandoned(now)
    candidates = OutboxMessage.objects.select_for_update(skip_locked=True).filter(_claimable(now))
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    chosen = list(candidates.order_by("created_at", "id").values_list("pk", flat=True)[:limit])
    if not chosen:
        return []
    token = secrets.token_hex(16)
    lease = timedelta(seconds=settings.WARDCASE_OUTBOX_CLAIM_SECONDS)
    OutboxMessage.objects.filter(_claimable(now), pk__in=chosen).update(
        claim_token=token, claimed_until=now + lease, attempts=F("attempts") + 1
    )
    claimed = OutboxMessage.objects.filter(claim_token=token).select_related("case")
    return list(claimed.only(*SEND_FIELDS).order_by("created_at", "id"))


def _retry_delay(attempts: int) -> timedelta:
    base = timedelta(seconds=settings.WARDCASE_OUTBOX_RETRY_SECONDS)
    delay: timedelta = base * 2 ** (attempts - 1)
    return min(delay, MAX_RETRY_DELAY)


def _record_result(message: OutboxMessage, error: object = None, *, permanent: bool = False) -> int:
    """Mark a claimed message sent, or due again later, or failed; only if still ours.
    A `permanent` error (the message itself is at fault) fails it at once."""
    mine = OutboxMessage.objects.filter(pk=message.pk, claim_token=message.claim_token)
    released = {"claim_token": "", "claimed_until": None}
    if error is None:
        return mine.update(state=OutboxMessage.State.SENT, sent_at=timezone.now(), **released)
    logger.warning("Sending outbox message %s failed: %s", message.pk, error)
    if permanent or message.attempts >= MAX_ATTEMPTS:
        changes: dict[str, object] = {"state": OutboxMessage.State.FAILED}
    else:
        changes = {"next_attempt_at": timezone.now() + _retry_delay(message.attempts)}
    return mine.update(last_error=str(error)[:2000], **changes, **released)


def _defer(messages: list[OutboxMessage], error: SendDeferred) -> int:
    """The mail service asked us to wait (throttling) or refused our own credentials: the
    claimed messages not yet sent wait `retry_after` seconds, none sent and none failed,
    and the attempt is given back (it was no fault of the messages)."""
    logger.warning(
        "Sending paused for %s s, %s message(s) kept queued: %s",
        error.retry_after,
        len(messages),
        error,
    )
    return OutboxMessage.objects.filter(
        pk__in=[m.pk for m in messages], claim_token=messages[0].claim_token
    ).update(
        next_attempt_at=timezone.now() + timedelta(seconds=error.retry_after),
        attempts=F("attempts") - 1,
        last_error=str(error)[:2000],
        claim_token="",
        claimed_until=None,
    )


def _email(message: OutboxMessage, connection: BaseEmailBackend) -> EmailMessage:
    """The email for an outbox row, its header values made one line (a subject written
    before subjects were cleaned may hold a line break)."""
    case = message.case if message.case_id else None
    headers = email_headers(message, case_reference=case.reference if case else None)
    return EmailMessage(
        subject=one_line(message.subject),
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={name: one_line(value) for name, value in headers.items()},
        connection=connection,
    )


def _built(message: OutboxMessage, connection: BaseEmailBackend) -> EmailMessage | None:
    """The email, built once to find a fault in the message itself (a bad address, a
    header it cannot carry): such a message will never send, so it is failed at once
    rather than retried. Returns the email, or None having failed the row."""
    try:
        email = _email(message, connection)
        email.message()
        email.recipients()
    except (BadHeaderError, ValueError, TypeError) as exc:
        _record_result(message, error=f"Cannot be sent: {exc}", permanent=True)
        return None
    return email


def _send_claimed(claimed: list[OutboxMessage]) -> int:
    sent = 0
    connection = get_connection()
    try:
        try:
            connection.open()  # one SMTP session for the batch
        except Exception:  # noqa: BLE001 - each send below retries it and records the error
            logger.warning("Could not connect to the mail server; trying per message.")
        for position, message in enumerate(claimed):
            email = _built(message, connection)
            if email is None:
                continue
            # From the server's acceptance to the record, a stop would send it twice:
            # a stop asked for meanwhile waits the few milliseconds until it is recorded.
            with stop_signals_deferred():
                try:
                    email.send()
                except SendDeferred as exc:
                    _defer(claimed[position:], exc)  # the rest would be refused alike
                    break
                except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
                    connection.close()  # a broken SMTP session must not fail the rest of the batch
                    _record_result(message, error=exc)
                    continue
                sent += _record_result(message)
    finally:
        connection.close()
    return sent


def outbox_send_batch(*, limit: int | None = None, ids: Iterable[int] | None = None) -> int:
    """Claim and send one batch of due messages; returns how many were sent."""
    claimed = outbox_claim(limit=limit or settings.WARDCASE_OUTBOX_BATCH_SIZE, ids=ids)
    return _send_claimed(claimed) if claimed else 0


def outbox_send(*, message_id: int) -> bool:
    """Send one outbox message if it is still due. Safe to call twice, or beside a sender."""
    return outbox_send_batch(limit=1, ids=[message_id]) == 1


def outbox_send_all(*, batch_size: int | None = None, max_batches: int | None = None) -> int:
    """Send every due message, batch by batch, until none is due; returns how many were sent.

    A message that fails is due again only after its retry delay, so this ends.
    """
    total = batches = 0
    while max_batches is None or batches < max_batches:
        claimed = outbox_claim(limit=batch_size or settings.WARDCASE_OUTBOX_BATCH_SIZE)
        if not claimed:
            break
        total += _send_claimed(claimed)
        batches += 1
    return total


def outbox_send_again(*, by: User, ids: Iterable[int] | None = None) -> int:
    """Queue failed messages again from a first attempt (all of them, or those with these
    ids); the next sender sends them. For administrators, after fixing what made them fail
    (a mail server's settings, say). Returns how many were queued."""
    if not (by.is_superuser or can_configure_council(by)):
        raise ActionNotAllowed(_("Only administrators send failed emails again."))
    with transaction.atomic():
        failed = OutboxMessage.objects.select_for_update().filter(state=OutboxMessage.State.FAILED)
        if ids is not None:
            failed = failed.filter(pk__in=ids)
        chosen = list(failed.values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=chosen).update(
            state=OutboxMessage.State.PENDING, attempts=0, next_attempt_at=None, last_error=""
        )
        audit_record(actor=by, action="outbox.retried", ids=chosen)
    return len(chosen)
