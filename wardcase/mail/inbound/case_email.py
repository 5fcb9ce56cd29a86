"""Putting an email on a case's timeline: a reply to its address, or a file dropped on it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind
from wardcase.cases.services import (
    case_action_require,
    case_attachments_store,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.cases.uploads import check_uploads
from wardcase.core.errors import ServiceError
from wardcase.core.notifications import notify_user
from wardcase.permissions.case_actions import can_add_attachment
from wardcase.permissions.visibility import acts_for_owner


def check_mail_attachments(attachments):
    """Each file checked as an upload would be; returns (kept, reasons the others were not)."""
    kept, refused = [], []
    for attachment in attachments:
        try:
            kept.extend(check_uploads([SimpleUploadedFile(attachment.name, attachment.content)]))
        except ServiceError as exc:
            refused.append(exc.message)
    return kept, refused


def _other_side(case, by):
    """Who should hear of the email: the officer if the councillor's side wrote, else the owner."""
    if acts_for_owner(by, case):
        return case.lead_officer
    return case.owner


@transaction.atomic
def case_email_in(*, case, by, inbound, subject, body, sender="", attachments=()):
    """Put an email from `by` on the case's timeline, with the files that pass the checks.

    The whole message stays on `inbound`, downloadable by everyone who sees the case.
    """
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_add_attachment(by, case),
        message=_("%(name)s cannot add to case %(reference)s.")
        % {"name": by, "reference": case.reference},
    )
    kept, refused = check_mail_attachments(attachments)
    event = case_event_record(
        case=case,
        kind=EventKind.EMAIL_IN,
        by=by,
        body=body,
        subject=subject,
        sender=sender,
        inbound_message=inbound.pk,
        files_not_kept=refused,
    )
    case_save_fields(case=case)
    case_attachments_store(case=case, event=event, uploads=kept, by=by)
    inbound.case, inbound.event = case, event
    inbound.save(update_fields=["case", "event"])
    audit_record(actor=by, action="case.email_in", case=case, obj=inbound, attachments=len(kept))
    recipient = _other_side(case, by)
    if recipient is not None and recipient.pk != by.pk:
        notify_user(
            user=recipient,
            case=case,
            template="mail/notices/email_in.txt",
            context={"by": by, "text": body},
        )
    return event
