"""Importing cases from another system's export: check every row, then write the valid
ones in batches, each batch one transaction, with everything the case services write.

Nothing is written by a dry run, nor (unless `skip_invalid`) when any row has a problem.
A row whose reference was imported before is passed over, so running the same file again
creates no duplicates. Each batch bulk-creates its constituents, cases, timeline entries,
audit entries and clocks, then indexes the cases for search, so a 100,000-row file is a
few hundred statements per thousand rows rather than a service call per row.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role
from wardcase.accounts.permissions import is_active_administrator
from wardcase.audit.actions import AuditAction
from wardcase.audit.services import audit_record
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.spreadsheets import safe_row
from wardcase.moving.checks import CheckedRow, Directory, RowChecker, RowProblem
from wardcase.moving.columns import ColumnMap
from wardcase.moving.services.writing import BatchWriter

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.moving.reading import Table

BATCH_SIZE = 1000
Progress = Callable[[str, int, int], None]


def report_write(*, out: IO[str], rows: Iterable[Sequence[object]]) -> None:
    """A validation report as CSV: line, reference, column, problem. The reference comes
    from the council's file, so every cell goes through `safe_row`: never a formula."""
    writer = csv.writer(out)
    writer.writerow(["line", "reference", "column", "problem"])
    writer.writerows(safe_row(row) for row in rows)


@dataclass
class ImportResult:
    """What an import found and did."""

    rows: int = 0
    valid: int = 0
    already_imported: int = 0
    imported: int = 0
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Rows with at least one problem."""
        return len({p.line for p in self.problems})

    @property
    def to_import(self) -> int:
        return self.valid - self.already_imported

    def write_report(self, out: IO[str]) -> None:
        """The rejected rows as CSV: line, reference, column, problem."""
        report_write(
            out=out, rows=[[p.line, p.reference, p.column, p.message] for p in self.problems]
        )

    def summary(self) -> str:
        verb = _("would import") if self.dry_run else _("imported")
        return _(
            "%(rows)s rows: %(valid)s valid, %(rejected)s rejected, %(already)s imported "
            "before; %(verb)s %(n)s."
        ) % {
            "rows": self.rows,
            "valid": self.valid,
            "rejected": self.rejected,
            "already": self.already_imported,
            "verb": verb,
            "n": self.imported if not self.dry_run else self.to_import,
        }


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def cases_import(
    *,
    table: Table,
    column_map: ColumnMap,
    by: User | None,
    name: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    council_owner: User | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Check every row of `table`, then (unless a dry run, or rows are invalid and not
    `skip_invalid`) import the valid ones. `by` is the administrator, or None from the
    command line; `council_owner` owns rows with no councillor; `name` names the import
    on each case's timeline."""
    if by is not None and not is_active_administrator(by):
        raise ActionNotAllowed(_("Only administrators can import cases."))
    if council_owner is not None and council_owner.role != Role.COUNCILLOR:
        raise ServiceError(_("%(name)s is not a councillor.") % {"name": council_owner})
    missing = column_map.missing(table.headings)
    if missing:
        raise ServiceError(
            _("The file has no column for %(columns)s (its columns: %(headings)s).")
            % {"columns": ", ".join(missing), "headings": ", ".join(table.headings)}
        )
    result = ImportResult(dry_run=dry_run)
    checked = _check(table, column_map, council_owner, result, progress)
    if result.problems and not skip_invalid:
        return result
    previous = set(
        Case.objects.filter(legacy_reference__isnull=False).values_list(
            "legacy_reference", flat=True
        )
    )
    fresh = [row for row in checked if row.legacy_reference not in previous]
    result.already_imported = len(checked) - len(fresh)
    if dry_run or not fresh:
        return result
    writer = BatchWriter(by=by, name=name, rows=fresh)
    progress("importing", 0, len(fresh))
    for start in range(0, len(fresh), batch_size):
        batch = fresh[start : start + batch_size]
        with transaction.atomic():
            result.case_ids += writer.write(batch)
        result.imported += len(batch)
        progress("importing", result.imported, len(fresh))
    audit_record(
        actor=by,
        action=AuditAction.CASES_IMPORTED,
        file=name,
        imported=result.imported,
        rejected=result.rejected,
        already_imported=result.already_imported,
    )
    return result


def _check(
    table: Table,
    column_map: ColumnMap,
    council_owner: User | None,
    result: ImportResult,
    progress: Progress,
) -> list[CheckedRow]:
    checker = RowChecker(
        directory=Directory.load(), council_owner=council_owner, today=timezone.localdate()
    )
    read = column_map.reader(table.headings)
    checked: list[CheckedRow] = []
    for line, cells in table.rows:
        result.rows += 1
        row, problems = checker.check(line, read(cells))
        if row is None:
            result.problems += problems
        else:
            checked.append(row)
        if result.rows % 1000 == 0:
            progress("checking", result.rows, 0)
    result.valid = len(checked)
    progress("checking", result.rows, result.rows)
    return checked
