"""Reading a council file: YAML or JSON text in, its data and each key's line out.

A council file describes a council, its wards, directorates, departments, services and
users. This module parses it and maps every key path to the line it starts on (an XLSX
workbook is read by `council_workbook` into the same data, with each key path's sheet,
row and column instead); `council_checks` checks the content. Everything here is pure.
What the checks need is importable from here too, so a caller reads and checks a file
through this one module.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wardcase.directory.council_checks import check_council_data
from wardcase.directory.council_spec import (
    CouncilFileError,
    CouncilSpec,
    Known,
    Problem,
    SheetPlace,
)

__all__ = [
    "CouncilFile",
    "CouncilFileError",
    "CouncilSpec",
    "Known",
    "LinePath",
    "Problem",
    "SheetPlace",
    "check_council_data",
    "parse_council_text",
    "read_council_file",
]

# A key path in the file: keys and list indexes, e.g. ("users", 3, "role").
LinePath = tuple[str | int, ...]


@dataclass
class CouncilFile:
    """A parsed file: its data, and the line each key path starts on (when known), or for
    a workbook the sheet, row and column it was read from."""

    data: object
    lines: Mapping[LinePath, int] = field(default_factory=dict)
    places: Mapping[LinePath, SheetPlace] = field(default_factory=dict)

    def line_of(self, path):
        """The line of `path` (a tuple of keys and indexes), or of its nearest parent."""
        return _nearest(self.lines, path)

    def place_of(self, path):
        """The workbook place of `path`, or of its nearest parent; None for text files."""
        return _nearest(self.places, path)


def _nearest(where, path):
    path = tuple(path)
    while path:
        if path in where:
            return where[path]
        path = path[:-1]
    return None


def read_council_file(path):
    """Read a council file from disk: an XLSX workbook by extension (.xlsx), JSON by
    extension (.json) or content, else YAML."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        # Imported here: the workbook reader builds a CouncilFile from this module.
        from wardcase.directory.council_workbook import read_council_workbook

        return read_council_workbook(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CouncilFileError([Problem("", f"no such file: {path}")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CouncilFileError([Problem("", f"cannot read {path}: {exc}")]) from exc
    suffix = path.suffix.lower()
    if suffix == ".json":
        return parse_council_text(text, syntax="json")
    if suffix in {".yaml", ".yml"}:
        return parse_council_text(text, syntax="yaml")
    return parse_council_text(text)


def parse_council_text(text, *, syntax=None):
    """Parse YAML or JSON text. Without `syntax`, text starting with `{` is JSON."""
    if syntax is None:
        syntax = "json" if text.lstrip().startswith("{") else "yaml"
    if syntax == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CouncilFileError(
                [Problem("", f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)]
            ) from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            raise CouncilFileError([_yaml_problem(exc)]) from exc
        except yaml.YAMLError as exc:
            raise CouncilFileError([Problem("", f"not valid YAML: {exc}")]) from exc
    return CouncilFile(data=data, lines=_line_map(text))


def _yaml_problem(exc):
    """The line and column from the parser's Mark, with where the broken part started."""
    mark = exc.problem_mark or exc.context_mark
    message = f"not valid YAML: {exc.problem or exc.context}"
    if mark is not None:
        message += f" (column {mark.column + 1})"
    if exc.context and exc.problem:
        message += f", {exc.context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            message += f" that starts at line {exc.context_mark.line + 1}"
    return Problem("", message, mark.line + 1 if mark is not None else None)


def _line_map(text):
    """Map each key path to its line. JSON is YAML too, so one walk serves both."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines = {}

    def walk(node, path):
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    child = (*path, key.value)
                    lines[child] = key.start_mark.line + 1
                    walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return lines
