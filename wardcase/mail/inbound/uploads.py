"""The file door on a case: an .eml or Outlook .msg dropped on a case page."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.mail.inbound.parsing import MalformedMessage, parse_message
from wardcase.mail.inbound.processing import inbound_process
from wardcase.mail.inbound.store import inbound_store, is_outlook_msg
from wardcase.mail.models_inbound import InboundMessage
from wardcase.permissions.case_actions import can_add_attachment


def case_mail_upload(*, case, by, raw):
    """Store the email and put it on the case, as an email received, with its files.

    Runs the same processing the task runs, at once, so the person dropping the file
    learns straight away whether it landed. A file that is not an email is refused
    before anything is stored; one that fails later stays in quarantine, not lost.
    """
    if not can_add_attachment(by, case):
        raise ActionNotAllowed(_("You cannot add emails to this case."))
    if not raw:
        raise ServiceError(_("Choose an .eml or .msg file"), field="message")
    if len(raw) > settings.WARDCASE_INBOUND_MAX_BYTES:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.WARDCASE_INBOUND_MAX_BYTES // 2**20},
            field="message",
        )
    if not is_outlook_msg(raw):
        try:
            parse_message(raw)
        except MalformedMessage as exc:
            raise ServiceError(
                _("This is not an email file. Choose an .eml or Outlook .msg file."),
                field="message",
            ) from exc
    with transaction.atomic():
        message, created = inbound_store(
            raw=raw,
            source=InboundMessage.Source.UPLOAD,
            target_case=case,
            submitted_by=by,
            enqueue=False,
        )
    if not created:
        if message.case_id == case.pk:
            raise ServiceError(_("This email is already on this case."), field="message")
        raise ServiceError(_("This email has already been received."), field="message")
    message = inbound_process(message_id=message.pk)
    if message.state != InboundMessage.State.PROCESSED:
        raise ServiceError(
            _("The email could not be added: %(reason)s") % {"reason": message.reason},
            field="message",
        )
    return message


def case_inbound_get(*, case, pk):
    """An email on a case the caller has already been allowed to see."""
    return (
        InboundMessage.objects.filter(case=case, pk=pk)
        .select_related("event")
        .only("pk", "raw", "original", "original_format", "case", "event__visibility")
        .first()
    )
