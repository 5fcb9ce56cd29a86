"""What a council file may hold, and the checker that records each problem with its place.

`check_council_data` takes a parsed file (see `council_file`) and returns a checked
`CouncilSpec` or raises `CouncilFileError` listing every problem. Everything here is pure.
Each problem names the key (`users[3].role`, indexes from 0) and, where the file is YAML
or JSON text, its line, or, where it is a workbook, its sheet, row and column, so an
administrator can find it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from wardcase.core.errors import ServiceError
from wardcase.directory.models import Nation

# The first letter of an ONS GSS code says which nation the area is in.
GSS_CODE = re.compile(r"^[ENSW]\d{8}$")
GSS_NATION_LETTER: dict[str, str] = {
    Nation.ENGLAND: "E",
    Nation.WALES: "W",
    Nation.SCOTLAND: "S",
    Nation.NORTHERN_IRELAND: "N",
}

TOP_KEYS = ("council", "wards", "directorates", "departments", "services", "users", "glossary")
COUNCIL_KEYS = ("name", "nation")
WARD_KEYS = ("name", "gss_code")
DIRECTORATE_KEYS = ("name",)
DEPARTMENT_KEYS = ("name", "head", "directorate")
SERVICE_KEYS = ("name", "department")
USER_KEYS = ("username", "name", "email", "role", "ward", "department", "acts_for")
GLOSSARY_DEFAULT = "default"

NAME_MAX = 200
USERNAME_MAX = 150
EMAIL_MAX = 254


@dataclass(frozen=True)
class SheetPlace:
    """Where in a workbook: a sheet, and the row and column when there is one."""

    sheet: str
    sheet_index: int = 0  # the sheet's position in the workbook, for ordering problems
    row: int | None = None  # as the spreadsheet numbers it: the headings are row 1
    column: int | None = None  # from 1, shown as a letter
    heading: str = ""

    def __str__(self) -> str:
        text = f"sheet {self.sheet}"
        if self.row is not None:
            text += f", row {self.row}"
        if self.column is not None:
            text += f", column {get_column_letter(self.column)}"
            if self.heading:
                text += f" ({self.heading})"
        return text

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.sheet_index, self.row or 0, self.column or 0)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a council file: where, and what."""

    path: str
    message: str
    line: int | None = None
    place: SheetPlace | None = None  # in a workbook, instead of a line and key path

    def __str__(self):
        if self.place is not None:
            return f"{self.place}: {self.message}"
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"

    @property
    def order(self) -> tuple[int, tuple[int, int, int]]:
        """Problems are listed in file order: by line, or by sheet, row and column."""
        return (self.line or 0, self.place.order if self.place else (0, 0, 0))


class CouncilFileError(ServiceError):
    """The file cannot be loaded. `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Known:
    """What already exists in the database for this council, so a file may refer to it."""

    wards: set = field(default_factory=set)
    directorates: set = field(default_factory=set)
    departments: set = field(default_factory=set)
    users: dict = field(default_factory=dict)  # username -> role


@dataclass
class CouncilSpec:
    """A checked council file, ready to load. Names are stripped; optional keys filled in."""

    name: str
    nation: str
    wards: list  # [{"name", "gss_code"?}]
    directorates: list  # [{"name"}]: made if new, with or without departments
    # [{"name", "head", "head_given", "directorate"?}]  head: a username or None
    departments: list
    services: list  # [{"name", "department"}]
    # [{"username", "name", "email", "role", "ward"?, "department"?, "acts_for"?}]: the
    # optional keys are there only when the file gives them; acts_for is [(index, username)].
    users: list
    glossary: bool


def path_text(path):
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class Checker:
    def __init__(self, source):
        self.source = source
        self.problems = []

    def add(self, path, message):
        self.problems.append(
            Problem(
                path_text(path),
                message,
                self.source.line_of(path),
                self.source.place_of(path),
            )
        )

    def mapping(self, value, path, allowed, what):
        if not isinstance(value, dict):
            self.add(path, f"should be a mapping of {what}, not {value_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.add(
                    (*path, key) if isinstance(key, str) else path,
                    f'unknown key "{key}" (expected {", ".join(allowed)})',
                )
        return value

    def sequence(self, value, path):
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, f"should be a list, not {value_kind(value)}")
            return []
        return value

    def text(self, item, key, path, *, required=True, max_length=NAME_MAX):
        """A stripped string from `item[key]`, or None after recording the problem."""
        here = (*path, key)
        if key not in item or item[key] is None:
            if required:
                self.add(here, "is required")
            return None
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(here, f"should be text, not {value_kind(value)}")
            return None
        if not isinstance(value, str):
            self.add(here, f'should be text: write it in quotes ("{value}")')
            return None
        value = value.strip()
        if required and not value:
            self.add(here, "must not be empty")
            return None
        if len(value) > max_length:
            self.add(here, f"is longer than {max_length} characters")
            return None
        return value

    def choice(self, item, key, path, choices):
        value = self.text(item, key, path)
        if value is not None and value not in choices:
            self.add((*path, key), f'"{value}" is not one of {", ".join(choices)}')
            return None
        return value


def value_kind(value):
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
