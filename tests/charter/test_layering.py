"""The charter is the clock engine below cases: nothing in it imports an app above it.

Walks every module of wardcase/charter with `ast`, so an import inside a function counts
as much as one at the top. Allowed leftovers are named with the module that still has
them, so moving one out of the way makes its entry fail until it is removed here.
"""

import ast
from pathlib import Path

import wardcase.charter

CHARTER = Path(wardcase.charter.__file__).parent
ABOVE = {"cases", "mail", "letters", "search", "reports", "moving", "privacy", "council", "demo"}

# None left: the charter's case rules moved into the permissions package.
ALLOWED: set[tuple[str, str]] = set()


def imports_above(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "wardcase" and len(parts) > 1 and parts[1] in ABOVE:
                found.add(name)
    return found


def charter_imports():
    return {
        (str(path.relative_to(CHARTER)), name)
        for path in sorted(CHARTER.rglob("*.py"))
        if "migrations" not in path.parts
        for name in imports_above(path)
    }


def test_the_charter_imports_nothing_from_the_apps_above_it():
    assert charter_imports() - ALLOWED == set()


def test_each_allowed_leftover_is_still_there():
    """Once a leftover has gone, its entry must go too, so the list never hides a new one."""
    assert charter_imports() >= ALLOWED


def test_the_walk_finds_an_import_inside_a_function(tmp_path):
    """The check itself: a late import of cases is caught, a charter one is not."""
    module = tmp_path / "late.py"
    module.write_text(
        "def f():\n    from wardcase.cases.models import Case\n"
        "    import wardcase.charter.sla\n    from . import sla\n"
    )
    assert imports_above(module) == {"wardcase.cases.models"}
