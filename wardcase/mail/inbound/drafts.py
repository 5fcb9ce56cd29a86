"""Draft cases from emails forwarded to the intake address: made, confirmed, discarded
(listed by `wardcase.mail.selectors`)."""

from email.utils import formataddr

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role
from wardcase.audit.services import audit_record
from wardcase.cases.services import case_create
from wardcase.cases.services.linking import case_link
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError
from wardcase.mail.inbound.case_email import case_email_in, notify_owners_side
from wardcase.mail.inbound.forwarding import forwarded_details
from wardcase.mail.inbound.parsing import parse_message
from wardcase.mail.inbound.replies import reply_text
from wardcase.mail.models_inbound import DraftCase
from wardcase.mail.selectors import visible_drafts
from wardcase.permissions.mail import FORWARDERS
from wardcase.permissions.visibility import councillors_user_may_log_for


def _default_owner(user):
    if user.role == Role.COUNCILLOR:
        return user
    councillors = list(councillors_user_may_log_for(user)[:2])
    return councillors[0] if len(councillors) == 1 else None


@transaction.atomic
def draft_from_forward(*, inbound, parsed, by):
    """A draft case from a constituent's email forwarded by a councillor or caseworker."""
    if by.role not in FORWARDERS:
        raise ActionNotAllowed(
            _("%(name)s forwarded an email to the intake address, but only councillors and ")
            % {"name": by}
            + _("caseworkers can make cases that way.")
        )
    details = forwarded_details(parsed)
    draft = DraftCase.objects.create(
        forwarded_by=by,
        owner=_default_owner(by),
        inbound=inbound,
        subject=details.subject[:200],
        description=details.body,
        constituent_name=details.name[:200],
        constituent_email=details.email[:254],
        constituent_address=details.address,
        constituent_postcode=details.postcode[:10],
    )
    audit_record(actor=by, action="mail.draft_created", obj=draft)
    return draft


@transaction.atomic
def draft_from_late_reply(*, inbound, parsed, by, case):
    """A reply to a closed case after its follow-up window: a draft new case for the same
    councillor and constituent, linked to the old case once confirmed. The councillor's
    side is told, as nobody else sees drafts."""
    person = case.constituent
    body = reply_text(parsed.text)
    draft = DraftCase.objects.create(
        forwarded_by=by,
        owner=case.owner,
        inbound=inbound,
        follows=case,
        subject=(parsed.subject or case.subject)[:200],
        description=body,
        constituent_name=person.name if person else "",
        constituent_email=person.email if person else "",
        constituent_address=person.address if person else "",
        constituent_postcode=person.postcode if person else "",
    )
    audit_record(actor=by, action="mail.draft_created", case=case, obj=draft, late_reply=True)
    # Not threaded on the closed case: a reply to this would only make another draft.
    notify_owners_side(
        case=case,
        by=by,
        template="mail/notices/late_reply_draft.txt",
        context={"text": body},
        thread=False,
    )
    return draft


def _lock_pending(draft, user):
    locked = visible_drafts(user=user).select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        raise NotFound(_("No such draft case."))
    if locked.state != DraftCase.State.PENDING:
        raise ServiceError(_("This draft has already been %s.") % locked.get_state_display())
    return locked


@transaction.atomic
def draft_confirm(*, draft, by, owner, service, subject, description, constituent):
    """Log the case the draft describes, as the user has checked and edited it."""
    draft = _lock_pending(draft, by)
    case = case_create(
        by=by,
        owner=owner,
        subject=subject,
        description=description,
        service=service,
        constituent=constituent,
        channel="email",
    )
    _forward_onto_case(draft.inbound, case=case, by=by)
    if draft.follows_id:
        case_link(
            case=case,
            other=draft.follows,
            by=by,
            reason=_("A reply to %(reference)s after its follow-up period.")
            % {"reference": draft.follows.reference},
        )
    draft.state, draft.case, draft.decided_at = DraftCase.State.CONFIRMED, case, timezone.now()
    draft.save(update_fields=["state", "case", "decided_at"])
    audit_record(actor=by, action="mail.draft_confirmed", case=case, obj=draft)
    return case


def _forward_onto_case(inbound, *, case, by):
    """The forwarded email goes on the new case's timeline with its attachments (photos,
    letters), each checked as any upload is; the whole original stays downloadable."""
    parsed = parse_message(bytes(inbound.raw))
    case_email_in(
        case=case,
        by=by,
        inbound=inbound,
        subject=parsed.subject,
        sender=formataddr((parsed.from_name, parsed.from_address)),
        body=_("The forwarded email this case was logged from."),
        attachments=parsed.attachments,
    )


@transaction.atomic
def draft_discard(*, draft, by):
    draft = _lock_pending(draft, by)
    draft.state, draft.decided_at = DraftCase.State.DISCARDED, timezone.now()
    draft.save(update_fields=["state", "decided_at"])
    audit_record(actor=by, action="mail.draft_discarded", obj=draft)
    return draft
