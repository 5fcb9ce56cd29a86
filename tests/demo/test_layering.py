"""The demo sits above every app and core below them: imports only go down."""

import ast
from pathlib import Path

WARDCASE = Path(__file__).resolve().parents[2] / "wardcase"
APPS = sorted(
    path.name
    for path in WARDCASE.iterdir()
    if (path / "apps.py").exists() and path.name not in {"core", "demo"}
)
# What core still reads from the apps above it (to move, not to add to).
CORE_EXCEPTIONS = {
    ("access.py", "wardcase.cases.selectors"),  # case_view finds the case the user may see
    ("context_processors.py", "wardcase.directory.models"),  # every page names the council
    ("health.py", "wardcase.mail.models"),  # the health check watches the outbox
}


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _wardcase_imports(app):
    for path in sorted((WARDCASE / app).rglob("*.py")):
        for module in _imports(path):
            if module.startswith("wardcase."):
                yield path.relative_to(WARDCASE / app), module


def test_core_imports_no_app_but_the_known_exceptions():
    found = {
        (str(path), module)
        for path, module in _wardcase_imports("core")
        if module.split(".")[1] in APPS
    }
    assert found <= CORE_EXCEPTIONS, f"core imports apps above it: {found - CORE_EXCEPTIONS}"
    assert found  # the scan reads core's imports


def test_no_app_imports_the_demo():
    importers = [
        f"{app}/{path}: {module}"
        for app in APPS + ["core"]
        for path, module in _wardcase_imports(app)
        if module.split(".")[1] == "demo"
    ]
    assert importers == []
    assert any(module.startswith("wardcase.cases") for _p, module in _wardcase_imports("demo"))
