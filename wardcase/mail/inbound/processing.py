"""Deciding what a stored message is, and acting on it. Run by a task; retried by coordinators."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role, User
from wardcase.audit.services import audit_record
from wardcase.cases.follow_up import in_follow_up_window
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError
from wardcase.mail.addresses import BadReplyAddress, parse_reply_address
from wardcase.mail.inbound.case_email import acknowledge_by_reply, case_email_in
from wardcase.mail.inbound.parsing import MalformedMessage, parse_message
from wardcase.mail.inbound.replies import reply_text
from wardcase.mail.models_inbound import InboundMessage
from wardcase.permissions.case_actions import on_case

logger = logging.getLogger(__name__)
State = InboundMessage.State


class Quarantine(Exception):
    """The message cannot go anywhere safely; `reason` says why, for a coordinator."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = str(reason)


@dataclass(frozen=True)
class Outcome:
    state: str
    reason: str = ""


def inbound_process(*, message_id):
    """Process a received message once. Anything that goes wrong quarantines it, with why."""
    with transaction.atomic():
        message = (
            InboundMessage.objects.select_for_update()
            .filter(pk=message_id, state=State.RECEIVED)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            with transaction.atomic():
                outcome = _route(message)
        except Quarantine as exc:
            outcome = Outcome(State.QUARANTINED, exc.reason)
        except ServiceError as exc:
            outcome = Outcome(State.QUARANTINED, exc.message)
        except Exception as exc:  # noqa: BLE001 - a failure must leave the message quarantined
            logger.exception("Processing inbound message %s failed", message.pk)
            outcome = Outcome(State.QUARANTINED, _("Processing failed: %s") % repr(exc)[:500])
        message.state, message.reason = outcome.state, outcome.reason
        message.processed_at = timezone.now()
        message.save(update_fields=["state", "reason", "processed_at", "attempts"])
        return message


@transaction.atomic
def inbound_retry(*, message, by):
    """A coordinator sends a quarantined message through processing again."""
    if by.role != Role.COORDINATOR:
        raise ActionNotAllowed(_("Only coordinators can retry quarantined messages."))
    updated = InboundMessage.objects.filter(pk=message.pk, state=State.QUARANTINED).update(
        state=State.RECEIVED, reason=""
    )
    if not updated:
        raise ServiceError(_("This message is no longer in quarantine."))
    audit_record(actor=by, action="mail.inbound_retried", obj=message)
    return inbound_process(message_id=message.pk)


def _route(message):
    if message.size > settings.WARDCASE_INBOUND_MAX_BYTES:
        raise Quarantine(
            _("The message is %(mb).1f MB, over the %(limit)s MB limit.")
            % {"mb": message.size / 2**20, "limit": settings.WARDCASE_INBOUND_MAX_BYTES // 2**20}
        )
    try:
        parsed = parse_message(bytes(message.raw))
    except MalformedMessage as exc:
        raise Quarantine(_("Malformed message: %s") % exc) from exc
    if message.source == InboundMessage.Source.UPLOAD:
        return _to_case(message, parsed, case=message.target_case, by=message.submitted_by)
    if parsed.auto_reason:
        return Outcome(State.IGNORED, parsed.auto_reason)
    if not parsed.from_address:
        raise Quarantine(_("The message has no sender address."))
    target = _reply_target(parsed.recipients)
    if target is not None:
        return _reply(message, parsed, target)
    if settings.WARDCASE_INTAKE_ADDRESS.lower() in parsed.recipients:
        from wardcase.mail.inbound.drafts import draft_from_forward

        sender = _known_sender(parsed.from_address)
        draft_from_forward(inbound=message, parsed=parsed, by=sender)
        return Outcome(State.PROCESSED)
    _known_sender(parsed.from_address)
    raise Quarantine(_("Not addressed to a case reply address or to the intake address."))


def _reply_target(recipients):
    """The case and person a reply address names; a forged or altered one is quarantined."""
    base_local, _sep, base_domain = settings.WARDCASE_REPLY_ADDRESS.lower().partition("@")
    for address in recipients:
        local, _sep, domain = address.rpartition("@")
        if domain != base_domain or not local.startswith(base_local + "+"):
            continue
        try:
            return parse_reply_address(address)
        except BadReplyAddress as exc:
            raise Quarantine(
                _("The case reply address %(address)s does not verify (%(why)s).")
                % {"address": address, "why": exc}
            ) from exc
    return None


def _known_sender(address):
    sender = User.objects.filter(email__iexact=address, is_active=True).order_by("pk").first()
    if sender is None:
        raise Quarantine(_("Unknown sender: %s is not a Wardcase user.") % address)
    return sender


def _reply(message, parsed, target):
    user = User.objects.filter(pk=target.user_id, is_active=True).first()
    if user is None or (user.email or "").lower() != parsed.from_address:
        raise Quarantine(
            _("The sender %(sender)s is not the person this case reply address was sent to.")
            % {"sender": parsed.from_address}
        )
    case = Case.objects.filter(pk=target.case_id).first()
    if case is None:
        raise Quarantine(_("The reply address names a case that does not exist."))
    if not case.is_open and on_case(user, case):
        return _after_close(message, parsed, case=case, by=user)
    outcome = _to_case(message, parsed, case=case, by=user)
    acknowledge_by_reply(case=case, by=user, inbound=message)
    return outcome


def _after_close(message, parsed, *, case, by):
    """A reply to a closed case: on the case within its follow-up window, else a draft
    new case linked to it."""
    if in_follow_up_window(case=case, at=message.received_at):
        case_email_in(case=case, by=by, inbound=message, after_close=True, **_email_fields(parsed))
    else:
        from wardcase.mail.inbound.drafts import draft_from_late_reply

        draft_from_late_reply(inbound=message, parsed=parsed, by=by, case=case)
    return Outcome(State.PROCESSED)


def _email_fields(parsed):
    return {
        "subject": parsed.subject,
        "sender": formataddr((parsed.from_name, parsed.from_address))
        if parsed.from_address
        else "",
        "body": reply_text(parsed.text),
        "attachments": parsed.attachments,
    }


def _to_case(message, parsed, *, case, by):
    if case is None or by is None:
        raise NotFound(_("The case this message was dropped on is gone."))
    case_email_in(case=case, by=by, inbound=message, **_email_fields(parsed))
    return Outcome(State.PROCESSED)


def requeue_unprocessed(*, older_than):
    """Queue processing again for messages stored but never processed (a worker died)."""
    from wardcase.mail.inbound.tasks import process_inbound_message

    cutoff = timezone.now() - timedelta(seconds=older_than)
    ids = list(
        InboundMessage.objects.filter(
            state=InboundMessage.State.RECEIVED, received_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    for message_id in ids:
        process_inbound_message.enqueue(message_id)
    return len(ids)
