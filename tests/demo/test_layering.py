"""The demo sits above every app and core below them: imports only go down."""

import ast
from pathlib import Path

WARDCASE = Path(__file__).resolve().parents[2] / "wardcase"
APPS = sorted(
    path.name
    for path in WARDCASE.iterdir()
    if (path / "apps.py").exists() and path.name not in {"core", "demo"}
)


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


def test_core_imports_no_app():
    """Apps above core reach it through its ports (health checks, page panels), never the
    other way round; import-linter's contract in `make lint` says the same."""
    imports = list(_wardcase_imports("core"))
    assert [f"{path}: {module}" for path, module in imports if module.split(".")[1] in APPS] == []
    assert ("health.py", "wardcase.core.access") in {(str(p), m) for p, m in imports}


def test_no_app_imports_the_demo():
    importers = [
        f"{app}/{path}: {module}"
        for app in APPS + ["core"]
        for path, module in _wardcase_imports(app)
        if module.split(".")[1] == "demo"
    ]
    assert importers == []
    assert any(module.startswith("wardcase.cases") for _p, module in _wardcase_imports("demo"))
