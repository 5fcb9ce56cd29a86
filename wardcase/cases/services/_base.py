"""Building blocks every case service uses: locking, timeline events, saving, files.

The public ones are exported from `wardcase.cases.services` so that other apps writing to
a case (letters, inbound email, privacy) go through the same steps as the case services.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.utils import timezone

from wardcase.cases.choices import Visibility
from wardcase.cases.models import Attachment, Case, CaseEvent
from wardcase.cases.services.queue_keys import chased_at_after
from wardcase.cases.services.report_rollup import rollup_mark_case
from wardcase.core.errors import ActionNotAllowed

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.cases.uploads import CheckedUpload


def case_action_require(*, allowed: bool, message: str) -> None:
    """Raise ActionNotAllowed with `message` unless the permission check `allowed` passed."""
    if not allowed:
        raise ActionNotAllowed(message)


def case_lock_for_update(*, case: Case) -> Case:
    """Re-read the case under a row lock so two people acting at once cannot both win.

    Call inside a transaction; returns the fresh, locked copy to work on.
    """
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("owner", "lead_officer")
        .get(pk=case.pk)
    )


def case_event_record(
    *,
    case: Case,
    kind: str,
    by: User | None,
    body: str = "",
    visibility: str = Visibility.EVERYONE,
    at: datetime | None = None,
    **data: Any,
) -> CaseEvent:
    """Append an event to the case's timeline, written by `by` at `at` (default now).

    Any further keyword arguments are kept as the event's `data`. Sets the case's
    `last_activity_at` in memory only: save it with `case_save_fields`. Every service that
    changes what a report counts records an event, so this marks the case's day of the
    reports' roll-up stale, in the same transaction.
    """
    at = at or timezone.now()
    event = CaseEvent.objects.create(
        case=case, kind=kind, author=by, body=body, visibility=visibility, created_at=at, data=data
    )
    case.last_activity_at = at
    rollup_mark_case(case=case)
    changed, chased_at = chased_at_after(case=case, kind=kind, at=at)
    if changed:
        # Written at once, not left to the caller's save: the officers' queues sort by it.
        case.chased_at = chased_at
        Case.objects.filter(pk=case.pk).update(chased_at=chased_at)
    return event


def _answering_officer(case: Case) -> User | None:
    """Who answers for the case: its lead officer, else its department's head (or None)."""
    return case.lead_officer or (case.department.head if case.department else None)


def case_save_fields(*, case: Case, fields: Iterable[str] = ()) -> None:
    """Save the named fields of the case, with its last activity and modified times."""
    case.save(update_fields=[*fields, "last_activity_at", "modified_at"])


def case_attachments_store(
    *, case: Case, event: CaseEvent | None, uploads: Iterable[CheckedUpload], by: User | None
) -> list[Attachment]:
    """Store checked uploads as the case's attachments, linked to the timeline `event`.

    If one fails, the files already written are removed before the error is raised again.
    """
    stored = []
    try:
        for upload in uploads:
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
