"""Writing letters: generating one from a case, installing the shipped templates, and the
administrator's uploads, replacements and retirements of templates."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import User
from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind
from wardcase.cases.services import (
    case_action_require,
    case_attachments_store,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.cases.uploads import CheckedUpload
from wardcase.charter import clocks
from wardcase.core.errors import ServiceError
from wardcase.directory.models import Council
from wardcase.directory.permissions import require_council_settings
from wardcase.letters import merge
from wardcase.letters.models import LetterTemplate, Purpose
from wardcase.permissions.letters import can_generate_letter

if TYPE_CHECKING:
    from wardcase.cases.models import Attachment, Case, CaseEvent


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHIPPED_DIR = Path(__file__).resolve().parent / "templates_docx"
SHIPPED = [
    ("Acknowledgement to constituent", Purpose.ACKNOWLEDGEMENT, "acknowledgement.docx"),
    ("Response to constituent", Purpose.RESPONSE, "response.docx"),
    ("Closure letter", Purpose.CLOSURE, "closure.docx"),
]
RESPONSE_KINDS = [EventKind.FULL_RESPONSE, EventKind.UPDATE]


def letter_templates_install_defaults() -> int:
    """Install the three shipped templates if none exist yet. Returns how many were added."""
    with transaction.atomic():
        if LetterTemplate.objects.select_for_update().exists():
            return 0
        for name, purpose, filename in SHIPPED:
            template = LetterTemplate(name=name, purpose=purpose)
            template.file.save(filename, ContentFile((SHIPPED_DIR / filename).read_bytes()))
    return len(SHIPPED)


def _latest_response(case: Case) -> CaseEvent | None:
    return (
        case.events.filter(kind__in=RESPONSE_KINDS)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
    )


def _file_name(case: Case, template: LetterTemplate) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", " ", template.name).strip() or "letter"
    return f"{case.reference} {words}.docx"


@transaction.atomic
def letter_generate(*, case: Case, template: LetterTemplate, by: User) -> Attachment:
    """Fill `template` from `case`, keep the .docx on the case's timeline, and return it."""
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_generate_letter(by, case),
        message=_("Only the councillor who owns the case, or their caseworker, can write letters."),
    )
    if not template.active:
        raise ServiceError(_("That letter template is no longer offered."), field="template")
    if case.constituent is None:
        raise ServiceError(
            _("This is the councillor's own query: there is no constituent to write to."),
            field="template",
        )
    context = merge.build_context(
        case=case,
        constituent=case.constituent,
        councillor=case.owner,
        ward=case.owner.ward,
        council=Council.objects.only("name").first(),
        response=_latest_response(case),
        today=timezone.localdate(),
    )
    with template.file.open("rb") as handle:
        source = handle.read()
    try:
        content = merge.render(source, context)
    except merge.BadTemplate as exc:
        raise ServiceError(
            _("The letter template “%(name)s” could not be used: %(error)s")
            % {"name": template.name, "error": exc},
            field="template",
        ) from exc
    event = case_event_record(
        case=case,
        kind=EventKind.LETTER,
        by=by,
        body=_("Letter generated from “%(name)s”.") % {"name": template.name},
        template_id=template.pk,
        template_name=template.name,
    )
    case_save_fields(case=case)
    upload = CheckedUpload(
        original_name=_file_name(case, template),
        content_type=DOCX,
        content=content,
        storage_name=secrets.token_hex(16),
    )
    (attachment,) = case_attachments_store(case=case, event=event, uploads=[upload], by=by)
    audit_record(
        actor=by, action="case.letter_generated", case=case, obj=attachment, template=template.name
    )
    return attachment


def letters_sent(*, case: Case) -> dict[int, CaseEvent]:
    """The case's letters marked as sent: the attachment's id to the "letter sent" entry."""
    events = case.events.filter(kind=EventKind.LETTER_SENT).order_by("created_at", "id")
    return {event.data["attachment_id"]: event for event in events}


@transaction.atomic
def letter_mark_sent(*, case: Case, attachment_id: int | str, by: User) -> CaseEvent:
    """Record that a generated letter went to the constituent. It is on the timeline, and it
    is the written update the charter asks for: the running update clock is met and the
    next update falls due a full period later."""
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_generate_letter(by, case),
        message=_("Only the councillor who owns the case, or their caseworker, can send letters."),
    )
    letter = (
        case.attachments.filter(pk=attachment_id, event__kind=EventKind.LETTER).first()
        if str(attachment_id).isdigit()
        else None
    )
    if letter is None:
        raise ServiceError(_("Choose a letter generated on this case."), field="letter")
    earlier = letters_sent(case=case).get(letter.pk)
    if earlier is not None:
        raise ServiceError(
            _("That letter was already marked as sent on %(day)s.")
            % {"day": timezone.localtime(earlier.created_at).strftime("%-d %B %Y")},
            field="letter",
        )
    event = case_event_record(
        case=case,
        kind=EventKind.LETTER_SENT,
        by=by,
        body=_("Letter “%(name)s” sent to the constituent.") % {"name": letter.original_name},
        attachment_id=letter.pk,
    )
    update_met = clocks.clocks_on_written_update(case, event.created_at)
    case_save_fields(case=case)
    audit_record(actor=by, action="case.letter_sent", case=case, obj=letter, update_met=update_met)
    return event


# --- Letter templates, for administrators (Council settings) ---------------------------

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def letter_template_file_check(*, content: bytes, filename: str) -> None:
    """Raise ServiceError unless the file is a .docx of at most 5 MB that fills with the
    known merge fields only (see wardcase.letters.merge)."""
    if not filename.lower().endswith(".docx"):
        raise ServiceError(_("The selected file must be a Word .docx document"), field="file")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ServiceError(_("The selected file must be smaller than 5 MB"), field="file")
    try:
        merge.check_template(content)
    except merge.BadTemplate as exc:
        raise ServiceError(str(exc), field="file") from exc


def _clean_template_fields(
    *, name: str | None, purpose: str, template: LetterTemplate | None = None
) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ServiceError(_("Enter a name for the letter template"), field="name")
    max_length = LetterTemplate._meta.get_field("name").max_length
    if max_length is not None and len(name) > max_length:
        raise ServiceError(_("The name must be 100 characters or fewer"), field="name")
    others = LetterTemplate.objects.exclude(pk=template.pk) if template else LetterTemplate.objects
    if others.filter(name__iexact=name).exists():
        raise ServiceError(
            _("There is already a letter template called “%(name)s”") % {"name": name},
            field="name",
        )
    if purpose not in Purpose.values:
        raise ServiceError(_("Choose what the letter is for"), field="purpose")
    return name


def _store_template_file(template: LetterTemplate, content: bytes) -> None:
    template.file.save(f"{secrets.token_hex(8)}.docx", ContentFile(content), save=False)


@transaction.atomic
def letter_template_upload(
    *, by: User, name: str, purpose: str, content: bytes, filename: str
) -> LetterTemplate:
    """Add a letter template from an uploaded .docx, checked before it is kept."""
    require_council_settings(by)
    name = _clean_template_fields(name=name, purpose=purpose)
    letter_template_file_check(content=content, filename=filename)
    template = LetterTemplate(name=name, purpose=purpose)
    _store_template_file(template, content)
    template.save()
    audit_record(
        actor=by, action="config.added", obj=template, name=name, purpose=purpose, file=filename
    )
    return template


@transaction.atomic
def letter_template_update(
    *,
    template: LetterTemplate,
    by: User,
    name: str,
    purpose: str,
    content: bytes | None = None,
    filename: str = "",
) -> list[str]:
    """Rename a template, change its purpose, or replace its Word file with a new one.
    Letters already generated keep their own copy. Returns what changed."""
    require_council_settings(by)
    template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    name = _clean_template_fields(name=name, purpose=purpose, template=template)
    before = {"name": template.name, "purpose": template.purpose}
    changed = [key for key, value in (("name", name), ("purpose", purpose)) if before[key] != value]
    template.name, template.purpose = name, purpose
    if content is not None:
        letter_template_file_check(content=content, filename=filename)
        _store_template_file(template, content)
        changed.append("file")
    if changed:
        template.save()
        audit_record(
            actor=by,
            action="config.changed",
            obj=template,
            name=name,
            before=before,
            changed=changed,
            file=filename if content is not None else "",
        )
    return changed


@transaction.atomic
def letter_template_set_active(*, template: LetterTemplate, by: User, active: bool) -> bool:
    """Retire a template (no longer offered; letters made from it keep their name) or offer
    it again. Returns whether it changed."""
    require_council_settings(by)
    template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    if template.active == active:
        return False
    template.active = active
    template.save(update_fields=["active", "modified_at"])
    audit_record(actor=by, action="config.changed", obj=template, name=template.name, active=active)
    return True
