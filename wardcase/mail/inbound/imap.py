"""The IMAP door: read new messages from a mailbox into the pipeline, exactly once.

Each message is stored (keyed by mailbox, UIDVALIDITY and UID) and the highest UID
stored is recorded in the same transaction, before the message is marked \\Seen on the
server. A poller killed at any point therefore loses nothing (what was not committed is
read again) and duplicates nothing (what was committed is skipped by its key).
"""

from contextlib import nullcontext
from dataclasses import dataclass
from hashlib import sha256

from django.conf import settings
from django.db import transaction
from imapclient import SEEN, IMAPClient

from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.locking import command_lock
from wardcase.mail.models_inbound import InboundMessage, MailboxState


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    user: str
    password: str
    mailbox: str = "INBOX"
    ssl: bool = True

    @classmethod
    def from_settings(cls, mailbox=None):
        return cls(
            host=settings.WARDCASE_IMAP_HOST,
            port=settings.WARDCASE_IMAP_PORT,
            user=settings.WARDCASE_IMAP_USER,
            password=settings.WARDCASE_IMAP_PASSWORD,
            mailbox=mailbox or settings.WARDCASE_IMAP_MAILBOX,
            ssl=settings.WARDCASE_IMAP_SSL,
        )


@dataclass
class FetchResult:
    locked_out: bool = False
    stored: int = 0
    already_stored: int = 0
    requeued: int = 0


def imap_fetch(*, account, use_lock=True):
    """Store every message in the mailbox above the highest UID already stored."""
    result = FetchResult()
    mailbox_key = f"{account.host}:{account.port}:{account.user}:{account.mailbox}"
    lock_name = f"fetch_mail-{sha256(mailbox_key.encode()).hexdigest()[:16]}"
    with command_lock(lock_name) if use_lock else nullcontext(True) as held:
        if not held:
            result.locked_out = True
            return result
        with IMAPClient(account.host, port=account.port, ssl=account.ssl, timeout=60) as client:
            client.login(account.user, account.password)
            info = client.select_folder(account.mailbox)
            uidvalidity = int(info[b"UIDVALIDITY"])
            state, _created = MailboxState.objects.get_or_create(
                mailbox=account.mailbox, uidvalidity=uidvalidity
            )
            # "n:*" always matches the newest message, even below n: filter again.
            uids = sorted(u for u in client.search(["UID", f"{state.last_uid + 1}:*"]))
            for uid in (u for u in uids if u > state.last_uid):
                created = _store_one(client, account.mailbox, uidvalidity, uid, state)
                if created is None:
                    continue
                result.stored += created
                result.already_stored += not created
                client.add_flags([uid], [SEEN])
    return result


def _store_one(client, mailbox, uidvalidity, uid, state):
    fetched = client.fetch([uid], ["BODY.PEEK[]"]).get(uid)
    if not fetched or b"BODY[]" not in fetched:
        return None  # expunged by someone else meanwhile
    with transaction.atomic():
        _message, created = inbound_store(
            raw=fetched[b"BODY[]"],
            source=InboundMessage.Source.IMAP,
            mailbox=mailbox,
            uidvalidity=uidvalidity,
            uid=uid,
        )
        MailboxState.objects.filter(pk=state.pk, last_uid__lt=uid).update(last_uid=uid)
    return created
