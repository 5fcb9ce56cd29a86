"""The first step of every door: keep the raw message, exactly once, before anything else."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wardcase.core.errors import ServiceError
from wardcase.mail.inbound.parsing import header_text, message_id_of, sha256
from wardcase.mail.models_inbound import InboundMessage

logger = logging.getLogger(__name__)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_outlook_msg(content):
    return content[:8] == OLE_SIGNATURE


class OutlookSupportMissing(ServiceError):
    """A .msg arrived, and the optional extract-msg package is not installed here."""


def _extract_msg():
    """The extract_msg module, imported only here and only when a .msg arrives.

    extract-msg is GPL-3.0, so it is an optional extra (requirements-msg.lock); without
    it, .msg files are refused with a message saying what to do instead.
    """
    try:
        import extract_msg
    except ImportError as exc:
        logger.warning(
            "An Outlook .msg file was refused: the optional extract-msg package is not "
            "installed (pip install --require-hashes -r requirements-msg.lock)"
        )
        raise OutlookSupportMissing(
            _(
                "Outlook .msg files need the optional extract-msg package. Save the message "
                "as an .eml file, or ask your administrator to install it."
            ),
            field="message",
        ) from exc
    return extract_msg


def msg_to_mime(content):
    """An Outlook .msg as MIME bytes, so it goes through the same pipeline as any email."""
    extract_msg = _extract_msg()
    try:
        with extract_msg.openMsg(content) as outlook:
            return outlook.asEmailMessage().as_bytes()
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many kinds on bad files
        logger.info("Could not read an Outlook file: %s", exc)
        raise ServiceError(_("This Outlook file cannot be read."), field="message") from exc


def _headers(raw):
    """Message-ID, sender and subject for lists, read leniently: a bad message is still kept."""
    from email import policy
    from email.parser import BytesHeaderParser

    try:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(raw)
        return (
            message_id_of(headers),
            header_text(headers, "From")[:320],
            " ".join(header_text(headers, "Subject").split())[:300],
        )
    except Exception:  # noqa: BLE001 - malformed headers are quarantined later, not refused
        return "", "", ""


def inbound_store(
    *,
    raw,
    source,
    mailbox="",
    uidvalidity=None,
    uid=None,
    remote_id="",
    target_case=None,
    submitted_by=None,
    enqueue=True,
):
    """Keep a message; returns (message, created). A message already kept is not kept again.

    An Outlook .msg is kept as MIME converted from it, keyed by the hash of the file as
    given; without the optional extract-msg package it is refused (OutlookSupportMissing)
    before anything is kept. With `enqueue`, processing is queued once the row is committed.
    """
    raw = bytes(raw)
    original_format, original = "eml", None
    digest = sha256(raw)
    if is_outlook_msg(raw):
        original, original_format = raw, "msg"
        try:
            raw = msg_to_mime(raw)
        except OutlookSupportMissing:
            raise
        except ServiceError:
            pass  # A broken .msg is kept as given: processing quarantines it as malformed.
    message_id, from_address, subject = _headers(raw)
    mailbox_sources = [InboundMessage.Source.IMAP, InboundMessage.Source.GRAPH]
    if source in mailbox_sources:
        # A mailbox whose UIDVALIDITY changed renumbers every message (and a Graph id can
        # change with a move): the same bytes with the same Message-ID in the same
        # mailbox are still the same message.
        same_bytes = Q(message_id=message_id, sha256=digest) if message_id else Q(pk__in=[])
        key = (
            Q(uidvalidity=uidvalidity, uid=uid)
            if source == InboundMessage.Source.IMAP
            else Q(remote_id=remote_id)
        )
        existing = InboundMessage.objects.filter(source=source, mailbox=mailbox).filter(
            key | same_bytes
        )
    else:
        existing = InboundMessage.objects.exclude(source__in=mailbox_sources).filter(
            message_id=message_id, sha256=digest
        )
    found = existing.first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            message = InboundMessage.objects.create(
                source=source,
                mailbox=mailbox,
                uidvalidity=uidvalidity,
                uid=uid,
                remote_id=remote_id,
                message_id=message_id,
                sha256=digest,
                raw=raw,
                size=len(raw),
                original_format=original_format,
                original=original,
                from_address=from_address,
                subject=subject,
                target_case=target_case,
                submitted_by=submitted_by,
            )
    except IntegrityError:
        # Another poller or request stored it between our look and our insert.
        return existing.first(), False
    if enqueue:
        from wardcase.mail.inbound.tasks import process_inbound_message

        transaction.on_commit(lambda: process_inbound_message.enqueue(message.pk))
    return message, True
