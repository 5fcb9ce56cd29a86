"""Putting an email on a case's timeline: a reply to its address, or a file dropped on it;
an officer's reply acknowledging the case, and a reply after closing telling the owner."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind
from wardcase.cases.services import (
    case_acknowledge,
    case_action_require,
    case_attachments_store,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.cases.uploads import check_uploads
from wardcase.core.errors import ServiceError
from wardcase.core.notifications import Notice, notify_many, notify_user
from wardcase.permissions.case_actions import can_acknowledge, can_add_attachment, on_case
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


def owners_side(case):
    """The councillor who owns the case and the active caseworkers acting for them."""
    return [case.owner, *case.owner.caseworkers.filter(is_active=True).order_by("pk")]


def notify_owners_side(*, case, by, template, context, thread=True):
    """Tell the councillor's side (not `by`); `thread=False` keeps the notice off the
    case's thread, so a reply to it does not come back to that case."""
    notify_many(
        notices=[
            Notice(
                user=person,
                case=case if thread else None,
                template=template,
                context={"case": case, "by": by, **context},
            )
            for person in owners_side(case)
            if person.pk != by.pk
        ]
    )


@transaction.atomic
def case_email_in(
    *, case, by, inbound, subject, body, sender="", attachments=(), after_close=False
):
    """Put an email from `by` on the case's timeline, with the files that pass the checks.

    The whole message stays on `inbound`, downloadable by everyone who sees the case.
    `after_close`: a reply to the closed case within its follow-up window, from someone
    who had a hand in it; the councillor's side is told, to decide whether to reopen.
    """
    case = case_lock_for_update(case=case)
    if after_close:
        allowed = not case.is_open and on_case(by, case)
    else:
        allowed = can_add_attachment(by, case)
    case_action_require(
        allowed=allowed,
        message=_("%(name)s cannot add to case %(reference)s.")
        % {"name": by, "reference": case.reference},
    )
    kept, refused = check_mail_attachments(attachments)
    marks = {"after_close": True} if after_close else {}
    event = case_event_record(
        case=case,
        kind=EventKind.EMAIL_IN,
        by=by,
        body=body,
        subject=subject,
        sender=sender,
        inbound_message=inbound.pk,
        files_not_kept=refused,
        **marks,
    )
    case_save_fields(case=case)
    case_attachments_store(case=case, event=event, uploads=kept, by=by)
    inbound.case, inbound.event = case, event
    inbound.save(update_fields=["case", "event"])
    audit_record(
        actor=by, action="case.email_in", case=case, obj=inbound, attachments=len(kept), **marks
    )
    if after_close:
        notify_owners_side(
            case=case, by=by, template="mail/notices/follow_up_in.txt", context={"text": body}
        )
        return event
    recipient = _other_side(case, by)
    if recipient is not None and recipient.pk != by.pk:
        notify_user(
            user=recipient,
            case=case,
            template="mail/notices/email_in.txt",
            context={"by": by, "text": body},
        )
    return event


def acknowledge_by_reply(*, case, by, inbound):
    """An officer's emailed reply acknowledges the case if nobody has yet, through the same
    service as the web and API, meeting the clock when the mail was received. Anyone
    else's reply (or a reply once acknowledged) is only the email on the timeline."""
    case.refresh_from_db(fields=["status", "acknowledged_at", "lead_officer", "department"])
    if not can_acknowledge(by, case):
        return None
    return case_acknowledge(
        case=case, by=by, at=inbound.received_at, via="email", inbound_message=inbound.pk
    )
