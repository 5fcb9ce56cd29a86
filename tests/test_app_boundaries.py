"""Apps call each other's public services and selectors, never their underscore names.

An underscore name (`_lock`) or module (`services._base`) is private to its app; another
app that reaches for it couples itself to details the owner may change at any time.
"""

import ast
from pathlib import Path

import wardcase

ROOT = Path(wardcase.__file__).resolve().parent


def _private_imports(path, root=ROOT):
    """(line, imported name) for each underscore module or name of another app that
    the module at `path`, in the app folder under `root`, imports."""
    own_app = path.relative_to(root).parts[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [(node.module, [alias.name for alias in node.names])]
        elif isinstance(node, ast.Import):
            modules = [(alias.name, []) for alias in node.names]
        else:
            continue
        for module, names in modules:
            parts = module.split(".")
            if parts[0] != "wardcase" or len(parts) < 2 or parts[1] == own_app:
                continue
            private = [p for p in parts[2:] if p.startswith("_") and p != "__init__"]
            private += [name for name in names if name.startswith("_")]
            found += [(node.lineno, f"{module}: {name}") for name in private]
    return found


def test_the_check_sees_a_private_import(tmp_path):
    app = tmp_path / "letters"
    app.mkdir()
    module = app / "services.py"
    module.write_text(
        "from wardcase.cases.services._base import case_event_record\n"
        "from wardcase.cases.views.case_actions import _perform\n"
        "import wardcase.mail._private\n"
        "from wardcase.letters._own import _fine\n"
    )
    assert [name for _line, name in _private_imports(module, root=tmp_path)] == [
        "wardcase.cases.services._base: _base",
        "wardcase.cases.views.case_actions: _perform",
        "wardcase.mail._private: _private",
    ]


def test_no_app_imports_another_apps_private_names():
    offences = [
        f"{path.relative_to(ROOT.parent)}:{line} {name}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        for line, name in _private_imports(path)
    ]
    assert offences == []
