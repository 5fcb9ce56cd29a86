"""Logging cases, adding files and correcting details."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeGuard

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import CaseType, Channel, EnquirerType, EventKind, Priority
from wardcase.cases.models import Case, ReferenceCounter, Surgery
from wardcase.cases.services._base import (
    case_action_require,
    case_attachments_store,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.cases.services.surgeries import surgery_require_logging
from wardcase.cases.uploads import check_uploads
from wardcase.constituents.models import Constituent
from wardcase.constituents.services import (
    ConstituentChanges,
    NewConstituent,
    constituent_create,
    constituent_update,
)
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.text import clean_long_text, clean_one_line
from wardcase.directory.models import Service
from wardcase.permissions.case_actions import can_add_attachment, can_create_case, can_edit_details
from wardcase.permissions.visibility import councillors_user_may_log_for, usable_constituents_q

if TYPE_CHECKING:
    from datetime import datetime

    from django.core.files.uploadedfile import UploadedFile

    from wardcase.accounts.models import User
    from wardcase.cases.models import Attachment
    from wardcase.places.models import Ward

CHOICES = {
    "case_type": CaseType,
    "channel": Channel,
    "enquirer_type": EnquirerType,
    "priority": Priority,
}


def _check_choices(**values: object) -> None:
    """Every interface (web, API, email, commands) gets the same answer for a bad choice."""
    for key, value in values.items():
        choices = CHOICES[key]
        if value not in choices.values:
            raise ServiceError(
                _("%(value)s is not a %(what)s: choose one of %(allowed)s")
                % {
                    "value": value,
                    "what": key.replace("_", " "),
                    "allowed": ", ".join(choices.values),
                },
                field=key,
            )


def _clean_text(key: str, value: object) -> str:
    """A subject, location or description cleaned as every interface must have it."""
    if key == "description":
        return clean_long_text(value, field=key, label=_("The description"))
    label = {"subject": _("The subject"), "location": _("The location")}[key]
    return clean_one_line(value, field=key, label=label, max_length=TEXT_LENGTHS[key])


TEXT_LENGTHS = {"subject": 200, "location": 300}


SUBJECT_FROM_DESCRIPTION = 60


def subject_from(*, description: str) -> str:
    """A subject for a case logged without one: the description's first line, cut at a
    word within 60 characters ("Bins missed on Mill Lane again…")."""
    first = description.strip().splitlines()[0].strip() if description.strip() else ""
    if len(first) <= SUBJECT_FROM_DESCRIPTION:
        return first
    cut = first[: SUBJECT_FROM_DESCRIPTION - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return f"{cut}…"


def _is_active_service(service: object) -> TypeGuard[Service]:
    """Only a service still offered may be chosen (an API caller may send anything)."""
    return isinstance(service, Service) and service.active


def _next_reference(now: datetime) -> str:
    """WC-YYYY-NNNNNN, numbered per year. The UPDATE takes the row lock that serialises it."""
    ReferenceCounter.objects.get_or_create(year=now.year)
    ReferenceCounter.objects.filter(year=now.year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=now.year).last_number
    return f"WC-{now.year}-{number:06d}"


@transaction.atomic
def case_create(
    *,
    by: User,
    owner: User,
    subject: str = "",
    description: str,
    service: Service | None,
    constituent: Constituent | NewConstituent | None = None,
    constituent_id: int | None = None,
    own_query: bool = False,
    case_type: str = "enquiry",
    channel: str = "email",
    enquirer_type: str = "councillor",
    priority: str = "normal",
    ward: Ward | None = None,
    location: str = "",
    consent_share_ward: bool = False,
    consent_share_officers: bool = True,
    restricted: bool = False,
    surgery: Surgery | None = None,
    files: Iterable[UploadedFile[bytes]] = (),
) -> Case:
    """Log a new case for `owner`; without a subject, the description's start is one.
    `constituent` is a Constituent or a dict of a new one's
    fields; or `constituent_id` names an existing person the user may use (a repeat caller
    is linked, not recorded twice). `own_query` logs a member's own query instead: an issue
    the councillor saw themselves, with no constituent and nobody's consent to record."""
    case_action_require(allowed=can_create_case(by), message=_("You cannot log cases."))
    if not councillors_user_may_log_for(by).filter(pk=owner.pk).exists():
        raise ActionNotAllowed(_("You cannot log cases for %(name)s.") % {"name": owner})
    subject, description = _clean_text("subject", subject), _clean_text("description", description)
    location = _clean_text("location", location)
    if not description:
        raise ServiceError(_("Enter a description of the problem"), field="description")
    subject = subject or subject_from(description=description)
    if not _is_active_service(service):
        raise ServiceError(_("Choose a service from the list"), field="service")
    _check_choices(
        case_type=case_type, channel=channel, enquirer_type=enquirer_type, priority=priority
    )
    if surgery is not None:
        surgery_require_logging(surgery=surgery, by=by, owner=owner)
    checked = check_uploads(files)
    if own_query:
        if constituent is not None or constituent_id is not None:
            raise ServiceError(
                _("A member's own query has no constituent: leave their details out."),
                field="constituent_name",
            )
    elif constituent_id is not None:
        constituent = _usable_constituent(by=by, pk=constituent_id)
    elif constituent is None:
        raise ServiceError(_("Enter the constituent's name"), field="constituent_name")
    elif not isinstance(constituent, Constituent):
        constituent = constituent_create(by=by, **constituent)
    now = timezone.now()
    # Consent is the constituent's to give: an own query has no choices to record.
    consent_by, consent_at = (by, now) if constituent is not None else (None, None)
    case = Case.objects.create(
        reference=_next_reference(now),
        subject=subject,
        description=description,
        case_type=case_type,
        service=service,
        channel=channel,
        enquirer_type=enquirer_type,
        priority=priority,
        constituent=constituent,
        ward=ward or owner.ward,
        location=location,
        surgery=surgery,
        consent_share_ward=consent_share_ward,
        consent_share_officers=consent_share_officers,
        restricted=restricted,
        consent_recorded_by=consent_by,
        consent_recorded_at=consent_at,
        owner=owner,
        created_by=by,
        last_activity_at=now,
    )
    event = case_event_record(
        case=case, kind=EventKind.CREATED, by=by, at=now, on_behalf_of=owner.pk
    )
    case_attachments_store(case=case, event=event, uploads=checked, by=by)
    audit_record(actor=by, action="case.created", case=case)
    return case


def _usable_constituent(*, by: User, pk: object) -> Constituent:
    """The existing person to link, if the user may use them; the same answer whether they
    do not exist or are someone else's, so nobody learns of a person they may not see."""
    found = (
        Constituent.objects.filter(usable_constituents_q(by), pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if found is None:
        raise ServiceError(
            _("That person could not be found: search for them again or enter their details"),
            field="constituent_id",
        )
    return found


@transaction.atomic
def case_attach(
    *, case: Case, by: User, files: Iterable[UploadedFile[bytes]], note: str = ""
) -> list[Attachment]:
    """Attach files to a case as an entry of its own."""
    checked = check_uploads(files)
    if not checked:
        raise ServiceError(_("Choose a file to attach"), field="attachments")
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_add_attachment(by, case), message=_("You cannot add files to this case.")
    )
    event = case_event_record(
        case=case,
        kind=EventKind.ATTACHMENT,
        by=by,
        body=clean_long_text(note, field="note", label=_("The note")),
    )
    case_save_fields(case=case)
    stored = case_attachments_store(case=case, event=event, uploads=checked, by=by)
    audit_record(actor=by, action="case.attachment_added", case=case, count=len(stored))
    return stored


EDITABLE_FIELDS = {
    "subject",
    "description",
    "service",
    "case_type",
    "channel",
    "enquirer_type",
    "priority",
    "ward",
    "location",
    "consent_share_ward",
    "consent_share_officers",
    "restricted",
}


CONSENT_FIELDS = {"consent_share_ward", "consent_share_officers"}


def _record_consent(case: Case, by: User, changed: list[str]) -> list[str]:
    """Consent is recorded with who and when each time a choice changes."""
    if not CONSENT_FIELDS.intersection(changed):
        return []
    case.consent_recorded_by, case.consent_recorded_at = by, timezone.now()
    return ["consent_recorded_by", "consent_recorded_at"]


def _constituent_update(case: Case, changes: ConstituentChanges) -> list[str]:
    if case.constituent is None:
        if any(changes.values()):
            raise ServiceError(
                _("This is the councillor's own query: it has no constituent to change."),
                field="constituent",
            )
        return []
    return constituent_update(constituent=case.constituent, **changes)


@transaction.atomic
def case_update_details(
    *,
    case: Case,
    by: User,
    version: int | str,
    changes: Mapping[str, object] | None = None,
    constituent_changes: ConstituentChanges | None = None,
) -> list[str]:
    """Correct a case's details. `version` is the one the editor saw: a stale edit is refused.

    Returns the names of the fields that changed. The timeline names them and keeps the
    case's old values; a constituent's old contact details are not copied anywhere.
    """
    changes = dict(changes or {})
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(_("These details cannot be changed: %s") % ", ".join(sorted(unknown)))
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_edit_details(by, case),
        message=_("You cannot change this case's details."),
    )
    if int(version) != case.version:
        raise ServiceError(
            _(
                "Someone else changed this case while you were editing it. Your changes have "
                "not been saved: check the case as it is now and make them again."
            ),
            field="version",
        )
    for key in ("subject", "description", "location"):
        if key in changes:
            changes[key] = _clean_text(key, changes[key])
            if not changes[key] and key != "location":
                raise ServiceError(_("Enter a %s") % key, field=key)
    if "service" in changes and not _is_active_service(changes["service"]):
        raise ServiceError(_("Choose a service from the list"), field="service")
    _check_choices(**{key: changes[key] for key in CHOICES if key in changes})
    before = {key: str(getattr(case, key)) for key in changes}
    changed = [key for key in changes if getattr(case, key) != changes[key]]
    for key in changed:
        setattr(case, key, changes[key])
    changed_people = _constituent_update(case, constituent_changes or {})
    if not changed and not changed_people:
        return []
    case.version += 1
    consent_fields = _record_consent(case, by, changed)
    case_event_record(
        case=case,
        kind=EventKind.EDITED,
        by=by,
        changed=changed + [f"constituent.{key}" for key in changed_people],
        before={key: before[key] for key in changed},
    )
    case_save_fields(case=case, fields=[*changed, *consent_fields, "version"])
    audit_record(
        actor=by,
        action="case.edited",
        case=case,
        changed=changed,
        constituent_changed=changed_people,
    )
    return changed + [f"constituent.{key}" for key in changed_people]
