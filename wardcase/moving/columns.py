"""The columns of a case file, in and out, and the mapping file that fits another system's
export to them.

A mapping file (YAML, or JSON, which is YAML too) names, for any of our columns, the
heading of the file's column that holds it, or a fixed value for every row:

    reference: Case No          # rename: read `reference` from the "Case No" column
    councillor: Member
    status: {value: closed}     # fixed: every row is closed

Columns not named are read from a heading of their own name.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wardcase.core.errors import ServiceError
from wardcase.moving.reading import Cell

Values = dict[str, Cell | None]  # a row by our column names; None: the row is too short

COLUMNS = (
    "reference",
    "logged_on",
    "councillor",
    "constituent_name",
    "address",
    "postcode",
    "email",
    "phone",
    "subject",
    "description",
    "service",
    "department",
    "officer",
    "status",
    "acknowledged_on",
    "responded_on",
    "closed_on",
    "outcome",
    "notes",
)

REQUIRED = ("reference", "logged_on", "constituent_name", "subject", "service", "status")


@dataclass(frozen=True)
class ColumnMap:
    """Where each of our columns comes from: a heading in the file, or a fixed value."""

    headings: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, str] = field(default_factory=dict)

    def heading_for(self, column: str) -> str:
        return self.headings.get(column, column)

    def missing(self, headings: list[str]) -> list[str]:
        """Our required columns the file's headings cannot supply."""
        present = {h.strip().lower() for h in headings}
        return [
            c
            for c in REQUIRED
            if c not in self.fixed and self.heading_for(c).strip().lower() not in present
        ]

    def reader(self, headings: list[str]) -> Callable[[Sequence[Cell]], Values]:
        """A function from a row of cells (in the file's order) to {column: text}."""
        position = {h.strip().lower(): i for i, h in enumerate(headings) if h is not None}
        where: dict[str, int] = {}
        for column in COLUMNS:
            if column in self.fixed:
                continue
            index = position.get(self.heading_for(column).strip().lower())
            if index is not None:
                where[column] = index

        def read(cells: Sequence[Cell]) -> Values:
            values: Values = dict(self.fixed)
            for column, index in where.items():
                values[column] = cells[index] if index < len(cells) else None
            return values

        return read


def column_map_parse(*, text: str) -> ColumnMap:
    """Read a mapping file's text; a clear error for anything it does not understand."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ServiceError(f"The mapping file is not valid YAML or JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ServiceError("The mapping file should map our column names to yours.")
    headings, fixed, problems = {}, {}, []
    for column, source in data.items():
        if column not in COLUMNS:
            problems.append(f'unknown column "{column}" (expected one of {", ".join(COLUMNS)})')
        elif isinstance(source, dict) and set(source) == {"value"}:
            fixed[column] = "" if source["value"] is None else str(source["value"])
        elif isinstance(source, str | int) and str(source).strip():
            headings[column] = str(source)
        else:
            problems.append(f"{column}: give a column heading, or {{value: ...}} for a fixed value")
    if problems:
        raise ServiceError("The mapping file has problems: " + "; ".join(problems))
    return ColumnMap(headings=headings, fixed=fixed)


def column_map_read(*, path: str | Path | None) -> ColumnMap:
    """The mapping file at `path`, or the default mapping (every column by its own name)."""
    if path is None:
        return ColumnMap()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServiceError(f"Cannot read the mapping file {path}: {exc}") from exc
    return column_map_parse(text=text)
