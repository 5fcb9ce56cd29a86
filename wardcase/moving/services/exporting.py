"""Exporting every case in the import's columns, so a council can always leave Wardcase.

The export reads back in with `cases_import`: a case imported earlier keeps its old
reference, and notes are the case's internal notes. Cases are read a thousand at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import IO, TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from wardcase.accounts.permissions import is_active_administrator
from wardcase.audit.actions import AuditAction
from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case, CaseEvent
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.spreadsheets import safe_row
from wardcase.moving.columns import COLUMNS
from wardcase.moving.reading import FORMATS

if TYPE_CHECKING:
    from wardcase.accounts.models import User

CHUNK = 1000

# One case as `case_rows` reads it. A case may have no department or lead officer yet.
_CaseValues = tuple[
    int,  # pk
    str,  # reference
    str | None,  # legacy_reference
    datetime,  # created_at
    str,  # owner
    str | None,  # constituent: name, address, postcode, email, phone (None: own query)
    str | None,
    str | None,
    str | None,
    str | None,
    str,  # subject
    str,  # description
    str,  # service
    str | None,  # department
    str | None,  # lead officer
    str,  # status
    datetime | None,  # acknowledged_at
    datetime | None,  # responded_at
    datetime | None,  # closed_at
    str,  # outcome
]


def _day(value: datetime | None) -> str:
    return timezone.localdate(value).isoformat() if value else ""


def case_rows() -> Iterator[list[str]]:
    """Every case as a list of values in COLUMNS' order, oldest first."""
    cases = Case.objects.order_by("created_at", "pk").values_list(
        "pk",
        "reference",
        "legacy_reference",
        "created_at",
        "owner__username",
        "constituent__name",
        "constituent__address",
        "constituent__postcode",
        "constituent__email",
        "constituent__phone",
        "subject",
        "description",
        "service__name",
        "department__name",
        "lead_officer__username",
        "status",
        "acknowledged_at",
        "responded_at",
        "closed_at",
        "outcome",
    )
    chunk: list[_CaseValues] = []
    for values in cases.iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) == CHUNK:
            yield from _rows(chunk)
            chunk = []
    yield from _rows(chunk)


def _rows(chunk: list[_CaseValues]) -> Iterator[list[str]]:
    notes: dict[int, list[str]] = {}
    internal = CaseEvent.objects.filter(
        case_id__in=[v[0] for v in chunk], kind=EventKind.NOTE
    ).order_by("created_at", "pk")
    for case_id, body in internal.values_list("case_id", "body"):
        notes.setdefault(case_id, []).append(body)
    for values in chunk:
        (pk, reference, legacy, created, owner) = values[:5]
        # A member's own query has no constituent: its person columns are empty.
        (name, address, postcode, email, phone) = (value or "" for value in values[5:10])
        (subject, description, service, department, officer, status) = values[10:16]
        (acknowledged, responded, closed, outcome) = values[16:]
        yield [
            legacy or reference,
            _day(created),
            owner,
            name,
            address,
            postcode,
            email,
            phone,
            subject,
            description,
            service,
            department or "",
            officer or "",
            "closed" if status == Status.CLOSED else "open",
            _day(acknowledged),
            _day(responded),
            _day(closed),
            outcome,
            "\n\n".join(notes.get(pk, [])),
        ]


def cases_export(*, by: User | None, fmt: str, out: IO[bytes]) -> int:
    """Write every case to `out` as CSV or XLSX; returns how many. `by` is an
    administrator, or None from the command line."""
    if by is not None and not is_active_administrator(by):
        raise ActionNotAllowed(_("Only administrators can export every case."))
    if fmt not in FORMATS:
        raise ServiceError(_("Choose csv or xlsx."))
    count = 0
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        for row in case_rows():
            writer.writerow(safe_row(row))
            count += 1
        text.flush()
        text.detach()
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("cases")
        sheet.append(list(COLUMNS))
        for row in case_rows():
            sheet.append(safe_row(row))
            count += 1
        book.save(out)
    audit_record(actor=by, action=AuditAction.CASES_EXPORTED, format=fmt, cases=count)
    return count
