"""Reading a council workbook (XLSX): the council file's data, from one sheet per list.

A workbook holds the same fields as a YAML or JSON council file, a sheet for each part:
`council` (one row: name, nation), `wards`, `directorates`, `departments`, `services` and
`users`. Each sheet's first row names its columns, as the file's keys are named; each
later row is one item, and blank rows are passed over. A blank cell, or a column left
out, is a key left out of a YAML file: an optional value stays as it is (or takes its
default, such as a department's only head of service heading it). `acts_for` lists
usernames separated by commas.

The result is a `CouncilFile` whose data the same checks take, with the sheet, row and
column of every key path, so each problem names its cell. The sheets' headings are
checked here first: an unknown, repeated or unnamed column is reported by its sheet and
column before any row is read.
"""

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from wardcase.core.spreadsheets import cell_text
from wardcase.directory.council_file import (
    CouncilFile,
    CouncilFileError,
    LinePath,
    Problem,
    SheetPlace,
)
from wardcase.directory.council_spec import (
    COUNCIL_KEYS,
    DEPARTMENT_KEYS,
    DIRECTORATE_KEYS,
    SERVICE_KEYS,
    USER_KEYS,
    WARD_KEYS,
)

# Sheet name -> its columns, in the order a new workbook would have them.
SHEETS: dict[str, tuple[str, ...]] = {
    "council": COUNCIL_KEYS,
    "wards": WARD_KEYS,
    "directorates": DIRECTORATE_KEYS,
    "departments": DEPARTMENT_KEYS,
    "services": SERVICE_KEYS,
    "users": USER_KEYS,
}
LIST_COLUMNS = {("users", "acts_for")}
LIST_SEPARATOR = re.compile(r"[,;\s]+")


def read_council_workbook(path: str | Path) -> CouncilFile:
    """Read a council workbook from disk; CouncilFileError for one that cannot be read or
    whose sheets and columns are not a council's."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise CouncilFileError([Problem("", f"no such file: {path}")]) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CouncilFileError(
            [Problem("", f"{path} is not a readable XLSX workbook: {exc}")]
        ) from exc
    try:
        return _read(workbook)
    finally:
        workbook.close()


def _read(workbook: Any) -> CouncilFile:
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    places: dict[LinePath, SheetPlace] = {}
    names = {sheet.title.strip().lower(): sheet for sheet in workbook.worksheets}
    for index, sheet in enumerate(workbook.worksheets):
        if sheet.title.strip().lower() not in SHEETS:
            problems.append(
                Problem(
                    "",
                    f"unknown sheet (expected {', '.join(SHEETS)})",
                    place=SheetPlace(sheet.title, index),
                )
            )
    if "council" not in names:
        problems.append(Problem("", "the workbook needs a council sheet (name, nation)"))
    for kind, allowed in SHEETS.items():
        sheet = names.get(kind)
        if sheet is None:
            continue
        index = workbook.worksheets.index(sheet)
        places[(kind,)] = SheetPlace(sheet.title, index)
        rows = sheet.iter_rows(values_only=True)
        headings, heading_problems = _headings(next(rows, ()), kind, allowed, sheet.title, index)
        if heading_problems:
            problems += heading_problems
            continue
        items: list[dict[str, Any]] = []
        for row_number, cells in enumerate(rows, start=2):
            values = [cell_text(value) for value in cells]
            if not any(values):
                continue
            position: LinePath = (kind, len(items))
            places[position] = SheetPlace(sheet.title, index, row_number)
            item: dict[str, Any] = {}
            for column, value in enumerate(values, start=1):
                if value is not None and column not in headings:
                    problems.append(
                        Problem(
                            "",
                            "this cell's column has no heading in row 1",
                            place=SheetPlace(sheet.title, index, row_number, column),
                        )
                    )
            for column, heading in headings.items():
                places[(*position, heading)] = SheetPlace(
                    sheet.title, index, row_number, column, heading
                )
                value = values[column - 1] if column <= len(values) else None
                if value is None:
                    continue
                if (kind, heading) in LIST_COLUMNS:
                    item[heading] = [part for part in LIST_SEPARATOR.split(value) if part]
                else:
                    item[heading] = value
            items.append(item)
        if kind == "council":
            # One council: its first row is the council's mapping, any further row a problem.
            data[kind] = items[0] if items else {}
            places.update(
                {(kind, *p[2:]): place for p, place in places.items() if p[:2] == (kind, 0)}
            )
            for extra in range(1, len(items)):
                problems.append(
                    Problem("", "the council sheet has one row", place=places[(kind, extra)])
                )
        else:
            data[kind] = items
    if problems:
        raise CouncilFileError(sorted(problems, key=lambda p: p.order))
    return CouncilFile(data=data, places=places)


def _headings(
    cells: tuple[Any, ...], kind: str, allowed: tuple[str, ...], title: str, index: int
) -> tuple[dict[int, str], list[Problem]]:
    """{column number: key} from a sheet's first row, or the problems with it."""
    headings: dict[int, str] = {}
    problems = []
    seen: dict[str, int] = {}
    for column, value in enumerate(cells, start=1):
        heading = cell_text(value)
        place = SheetPlace(title, index, 1, column, heading or "")
        if heading is None:
            continue
        key = heading.lower()
        if key not in allowed:
            problems.append(
                Problem("", f"unknown column (expected {', '.join(allowed)})", place=place)
            )
        elif key in seen:
            problems.append(
                Problem("", f"{key} is also column {get_column_letter(seen[key])}", place=place)
            )
        else:
            seen[key] = column
            headings[column] = key
    if not headings and not problems:
        problems.append(
            Problem(
                "",
                f"the first row should name the columns ({', '.join(allowed)})",
                place=SheetPlace(title, index, 1),
            )
        )
    return headings, problems
