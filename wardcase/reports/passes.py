"""How a report grouped by several dimensions is read in as few passes as possible.

A report's key follows from one column of the case (a directorate from the department, a
quarter from the month), so every grouping sharing the common scope is read in one grouped
pass per figure, and `Pass` turns each row's columns into each report's key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wardcase.reports.dimensions import group_key, normalise_key

# A report's key follows from one of these columns of the case, so reports grouped by
# several dimensions are read together in one grouped pass per figure: a directorate from
# the department, a quarter from the month.
BASES = {"directorate": "department", "quarter": "month"}
# Grouped by these, a report counts other cases (a councillor's own): read apart.
OWN_SCOPE = {"councillor", "surgery"}


def base_of(group: str) -> str:
    return BASES.get(group, group)


def passes(groups: list[str]) -> list[list[str]]:
    """The groups read together in one pass each: every group with the common scope in
    one, and a group with a scope of its own alone."""
    shared = [g for g in groups if g not in OWN_SCOPE]
    return ([shared] if shared else []) + [[g] for g in groups if g in OWN_SCOPE]


@dataclass
class Pass:
    """One grouped pass: the columns (base dimensions) SQL groups by, and how each
    report's key follows from a row of them."""

    groups: list[str]
    bases: list[str]
    directorates: dict[object, object] = field(default_factory=dict)

    @classmethod
    def of(cls, groups: list[str]) -> Pass:
        bases = list(dict.fromkeys(base_of(g) for g in groups))
        reading = cls(groups, bases)
        if "directorate" in groups:
            from wardcase.directory.models import Department

            reading.directorates = dict(Department.objects.values_list("pk", "directorate_id"))
        return reading

    def annotations(self, prefix: str = "") -> dict[str, Any]:
        return {f"k_{base}": group_key(base, prefix=prefix) for base in self.bases}

    @property
    def names(self) -> list[str]:
        return [f"k_{base}" for base in self.bases]

    def row_key(self, values: Mapping[str, Any]) -> tuple[object, ...]:
        return tuple(normalise_key(base, values[f"k_{base}"]) for base in self.bases)

    def key(self, group: str, basis: tuple[object, ...]) -> object:
        value = basis[self.bases.index(base_of(group))]
        if group == "directorate":
            return None if value is None else self.directorates.get(value)
        if group == "quarter" and isinstance(value, date):
            return date(value.year, 3 * ((value.month - 1) // 3) + 1, 1)
        return value
