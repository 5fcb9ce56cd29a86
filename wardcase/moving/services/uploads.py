"""Imports started from the Council settings page: stored, then run by a task."""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.permissions import is_active_administrator
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.moving.columns import ColumnMap
from wardcase.moving.models import CaseImport
from wardcase.moving.reading import file_format, table_read
from wardcase.moving.services.importing import cases_import

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from wardcase.accounts.models import User

MAX_BYTES = 200 * 1024 * 1024


def _require_administrator(user: User) -> None:
    if not is_active_administrator(user):
        raise ActionNotAllowed(_("Only administrators can import cases."))


@transaction.atomic
def case_import_start(
    *, by: User, upload: UploadedFile[bytes], dry_run: bool, skip_invalid: bool
) -> CaseImport:
    """Store the file and queue its import (a check only, if `dry_run`)."""
    from wardcase.moving.tasks import run_case_import

    _require_administrator(by)
    if not upload.name:
        raise ServiceError(_("Choose a .csv or .xlsx file."), field="file")
    fmt = file_format(upload.name)
    size = upload.size
    if size is None:  # not measured by the upload handler: measure it
        size = upload.seek(0, os.SEEK_END)
        upload.seek(0)
    if size > MAX_BYTES:
        raise ServiceError(_("The file is larger than 200 MB."), field="file")
    job = CaseImport(
        token=secrets.token_hex(16),
        file_format=fmt,
        original_name=upload.name[:255],
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        created_by=by,
    )
    job.file.save(job.token, upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_case_import.enqueue(job.pk))
    return job


def case_import_run(*, import_id: int) -> None:
    """Run a queued import, recording progress as it goes. Safe to run twice: only a
    queued import runs, and rows imported before are passed over by their reference."""
    claimed = CaseImport.objects.filter(pk=import_id, status=CaseImport.Status.QUEUED).update(
        status=CaseImport.Status.CHECKING
    )
    if not claimed:
        return
    job = CaseImport.objects.select_related("created_by").get(pk=import_id)

    def progress(stage: str, done: int, total: int) -> None:
        fields: dict[str, str | int] = {
            "status": stage,
            "done": done if stage == "importing" else 0,
        }
        fields["to_do"] = total if stage == "importing" else 0
        if stage == "checking":
            fields["rows"] = done
        CaseImport.objects.filter(pk=job.pk).update(**fields)

    def failed(message: str) -> None:
        CaseImport.objects.filter(pk=job.pk).update(
            status=CaseImport.Status.FAILED, message=message, finished_at=timezone.now()
        )

    stored = job.file.name  # imports/<token>.<csv|xlsx>: its suffix says how to read it
    if not stored:
        failed(_("The uploaded file is missing."))
        return
    try:
        source = job.file.open("rb")
    except OSError:  # the stored file has gone
        failed(_("The uploaded file could not be read."))
        return
    try:
        with source:
            result = cases_import(
                table=table_read(source=source, name=stored),
                column_map=ColumnMap(),
                by=job.created_by,
                name=job.original_name,
                dry_run=job.dry_run,
                skip_invalid=job.skip_invalid,
                progress=progress,
            )
    except ServiceError as exc:
        failed(exc.message)
        return
    CaseImport.objects.filter(pk=job.pk).update(
        status=CaseImport.Status.DONE,
        rows=result.rows,
        valid=result.valid,
        rejected=result.rejected,
        already_imported=result.already_imported,
        imported=result.imported,
        done=result.imported,
        to_do=result.to_import if not job.dry_run else 0,
        report=[[p.line, p.reference, p.column, p.message] for p in result.problems],
        message=result.summary(),
        finished_at=timezone.now(),
    )
