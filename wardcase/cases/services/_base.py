"""Building blocks every case service uses: locking, timeline events, saving."""

from django.core.files.base import ContentFile
from django.utils import timezone

from wardcase.cases.choices import Visibility
from wardcase.cases.models import Attachment, Case, CaseEvent
from wardcase.core.errors import ActionNotAllowed


def _require(allowed, message):
    if not allowed:
        raise ActionNotAllowed(message)


def _lock(case):
    """Re-read the case under a row lock so two people acting at once cannot both win."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("owner", "lead_officer")
        .get(pk=case.pk)
    )


def _event(case, *, kind, by, body="", visibility=Visibility.EVERYONE, at=None, **data):
    at = at or timezone.now()
    event = CaseEvent.objects.create(
        case=case, kind=kind, author=by, body=body, visibility=visibility, created_at=at, data=data
    )
    case.last_activity_at = at
    return event


def _answering_officer(case):
    """Who answers for the case: its lead officer, else its department's head (or None)."""
    return case.lead_officer or (case.department.head if case.department else None)


def _save(case, *fields):
    case.save(update_fields=[*fields, "last_activity_at", "modified_at"])


def _store_uploads(case, event, checked, by):
    stored = []
    try:
        for upload in checked:
            attachment = Attachment(
                case=case,
                event=event,
                storage_name=upload.storage_name,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=len(upload.content),
                uploaded_by=by,
            )
            attachment.file.save(upload.storage_name, ContentFile(upload.content), save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored
