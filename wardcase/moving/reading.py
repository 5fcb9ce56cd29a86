"""Reading a case file, CSV or XLSX, a row at a time with the line each row is on.

Both are streamed: the csv module reads a line at a time, and openpyxl's read-only mode
reads a sheet's rows without loading the workbook, so a 100,000-row file never sits whole
in memory. XLSX cells keep their types (a date cell arrives as a date); everything else is
text.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from wardcase.core.errors import ServiceError
from wardcase.core.spreadsheets import formula_unescaped

FORMATS = ("csv", "xlsx")

# A cell as read: text, or from XLSX a date (or datetime) cell as it is typed.
Cell = str | date


@dataclass
class Table:
    """A file's headings and its rows as (line number, cells)."""

    headings: list[str]
    rows: Iterator[tuple[int, Sequence[Cell]]]


def file_format(name: str) -> str:
    """csv or xlsx, from the file's name; a clear error for anything else."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ServiceError(_("Choose a .csv or .xlsx file (not %(name)s).") % {"name": name})
    return suffix


def table_read(*, source: IO[bytes], name: str) -> Table:
    """Open a CSV or XLSX file (`name` says which) and return its headings and rows."""
    if file_format(name) == "xlsx":
        return _xlsx(source)
    return _csv(source)


def _cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return formula_unescaped(str(value))


def _csv(source: IO[bytes]) -> Table:
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        headings = next(reader)
    except StopIteration:
        raise ServiceError(_("The file is empty.")) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ServiceError(_("The file is not readable CSV in UTF-8: %(e)s") % {"e": exc}) from exc

    def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
        start = reader.line_num + 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield start, [formula_unescaped(c) for c in cells]
                start = reader.line_num + 1
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ServiceError(
                _("Line %(line)s is not readable CSV in UTF-8: %(e)s") % {"line": start, "e": exc}
            ) from exc

    return Table([h.strip() for h in headings], rows())


def _xlsx(source: IO[bytes]) -> Table:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ServiceError(
            _("The file is not a readable XLSX workbook: %(e)s") % {"e": exc}
        ) from exc
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, None)
    if first is None:
        workbook.close()
        raise ServiceError(_("The workbook's first sheet is empty."))
    headings = [str(h).strip() if h is not None else "" for h in first]

    def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
        try:
            for line, raw in enumerate(values, start=2):
                cells = [_cell(c) for c in raw]
                if any(c != "" for c in cells):
                    yield line, cells
        finally:
            workbook.close()

    return Table(headings, rows())
