"""Headers that let mail clients (Outlook above all) thread a case's notifications.

Each message gets its own `Message-ID` when it is queued, so a retry sends the same
one. A later message about the same case to the same address answers the previous
one (`In-Reply-To`) and carries the chain (`References`), trimmed to the root and the
most recent ids so long-running cases do not grow the header without limit.
"""

import base64
import hashlib
import itertools
from email.utils import make_msgid
from typing import NamedTuple

from django.conf import settings
from django.db.models import Max

from wardcase.core.lookups import Ids
from wardcase.mail.addresses import case_reply_address, case_reply_addresser
from wardcase.mail.models import OutboxMessage

MAX_REFERENCES = 10
THREADED_STATES = [OutboxMessage.State.PENDING, OutboxMessage.State.SENT]


class _Previous(NamedTuple):
    message_id: str
    references: str


def new_message_id():
    return make_msgid(domain=settings.WARDCASE_MAIL_DOMAIN)


def thread_fields(*, case, user):
    """The threading fields of a new message to `user` about `case` (None: no thread)."""
    previous = None
    if case is not None:
        previous = (
            OutboxMessage.objects.filter(
                case=case, to=user.email, state__in=THREADED_STATES, message_id__isnull=False
            )
            .order_by("-created_at", "-id")
            .only("message_id", "references")
            .first()
        )
    return _fields(case, user, previous)


def thread_fields_many(pairs):
    """`thread_fields` for many (case, user) pairs in two queries, not one per pair.

    Pairs repeated in the list thread onto each other in list order."""
    cases = {case.pk for case, _user in pairs if case is not None}
    latest = (
        OutboxMessage.objects.filter(
            case_id__any=Ids(cases),
            to__in={user.email for _case, user in pairs},
            state__in=THREADED_STATES,
            message_id__isnull=False,
        )
        .values("case_id", "to")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    previous = {
        (m.case_id, m.to): m
        for m in OutboxMessage.objects.filter(pk__any=Ids(latest)).only(
            "case_id", "to", "message_id", "references"
        )
    }
    result = []
    reply_address = case_reply_addresser()
    message_ids = _message_ids()
    for case, user in pairs:
        key = (case.pk if case is not None else None, user.email)
        previous_one = previous.get(key) if case is not None else None
        fields = _fields(case, user, previous_one, reply_address=reply_address, ids=message_ids)
        if case is not None:
            # Only these two are read of a previous message: no model object per row.
            previous[key] = _Previous(fields["message_id"], fields.get("references", ""))
        result.append(fields)
    return result


def _message_ids():
    """Message-IDs for a batch: one `make_msgid` (time, process and 64 random bits) as
    the stem, and a serial number after it, so each is as unique as `make_msgid`'s own
    without its cost per message (tens of thousands a sweep)."""
    stem, at, domain = new_message_id()[1:-1].partition("@")
    return (f"<{stem}.{n}{at}{domain}>" for n in itertools.count(1))


def _fields(case, user, previous, *, reply_address=case_reply_address, ids=None):
    fields = {"message_id": next(ids) if ids is not None else new_message_id()}
    if case is None:
        return fields
    fields["reply_to"] = reply_address(case=case, user=user)
    if previous is not None:
        chain = [*previous.references.split(), previous.message_id]
        if len(chain) > MAX_REFERENCES:
            chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
        fields["in_reply_to"] = previous.message_id
        fields["references"] = " ".join(chain)
    return fields


def outlook_thread_index(message):
    """Outlook's own threading header: a conversation id shared by the whole thread.

    22 bytes (a reserved byte, 5 of time, 16 of GUID) for the first message, plus 5 per
    reply. The GUID and time are derived from the thread's root Message-ID, so every
    message of the thread names the same conversation without storing anything more.
    """
    chain = message.references.split()
    root = chain[0] if chain else message.message_id
    digest = hashlib.sha256(root.encode()).digest()
    index = b"\x01" + digest[:5] + digest[5:21]
    for position in range(min(len(chain), MAX_REFERENCES)):
        index += hashlib.sha256(f"{root}{position}".encode()).digest()[:5]
    return base64.b64encode(index).decode()


def email_headers(message, *, case_reference=None):
    """The extra headers an outbox row is sent with."""
    headers = {"Auto-Submitted": "auto-generated"}
    if message.message_id:
        headers["Message-ID"] = message.message_id
    if message.in_reply_to:
        headers["In-Reply-To"] = message.in_reply_to
        headers["References"] = message.references or message.in_reply_to
    if case_reference and message.message_id:
        headers["Thread-Topic"] = f"Case {case_reference}"
        headers["Thread-Index"] = outlook_thread_index(message)
    return headers
