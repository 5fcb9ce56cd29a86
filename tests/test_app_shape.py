"""Every app has the same shape, so a newcomer can guess where a thing lives.

The shape (docs/architecture.md, "One app shape"): `models.py`, `services.py` or
`services/`, `selectors.py`, `api/`, `views/`, `urls.py`, and a `tests/<app>/` mirror.
An app without one of them says why in EXCEPTIONS below; an exception that no longer
holds fails too, so the table stays true.
"""

from pathlib import Path

import pytest
from django.apps import apps

TESTS = Path(__file__).resolve().parent

# Each part of the shape and the names that satisfy it. `views` and `api` are packages
# only: a module per page group, never one views.py that grows.
PARTS = {
    "models": ("models.py", "models/"),
    "services": ("services.py", "services/"),
    "selectors": ("selectors.py", "selectors/"),
    "api": ("api/",),
    "views": ("views/",),
    "urls": ("urls.py",),
}

_NO_PAGES_OR_API = "no pages or API of its own"

# app -> part -> why the app has no such part.
EXCEPTIONS: dict[str, dict[str, str]] = {
    "audit": {
        # audit sits below accounts and reads no cases: the case-history page and its
        # reads are privacy's (privacy/selectors.py, privacy/views/audit.py).
        "selectors": "writes only; the audit page's reads are privacy's",
        "api": _NO_PAGES_OR_API,
        "views": "the audit page is privacy's (audit: URLs)",
        "urls": "the audit page is privacy's (audit: URLs)",
    },
    "charter": {
        # The clock engine is pure date arithmetic below cases: what reads or shows a
        # case's clocks lives in cases (charter_selectors.py, views/charter.py,
        # api/charter.py); the rules' settings pages are council's.
        "selectors": "the clock engine reads nothing for a user; cases and council do",
        "api": "the clocks' API is cases' (cases/api/charter.py)",
        "views": "its pages are cases' and council's",
        "urls": "its pages are cases' and council's",
    },
    "constituents": {
        # A constituent is read and written through the case that names them, and by
        # privacy's search; the app holds the model, the writes and the matching rules.
        "selectors": "read through cases' and privacy's selectors",
        "api": _NO_PAGES_OR_API,
        "views": "entered and changed on the case pages",
        "urls": "entered and changed on the case pages",
    },
    "core": {
        # The bases every app builds on (errors, locks, forms, access marks, ports): it
        # imports no other app, so it has no domain writes, reads or pages.
        "services": "no domain writes: bases for the other apps",
        "selectors": "no domain reads: bases for the other apps",
        "views": "only Django's error pages (error_views.py, see ALLOWED_MODULES)",
        "urls": "no routes of its own",
    },
    "council": {
        # The administrators' settings pages over other apps' tables: their writes are
        # the owning apps' services.
        "models": "the settings pages edit other apps' models",
        "services": "its writes are the owning apps' services",
        "api": "pages only",
    },
    "demo": {
        # `manage.py seed_demo` only: it builds the invented council through the other
        # apps' services, and nothing imports it.
        "models": "seed_demo only",
        "services": "seed_demo only; it calls the other apps' services",
        "selectors": "seed_demo only",
        "api": "seed_demo only",
        "views": "seed_demo only",
        "urls": "seed_demo only",
    },
    "directory": {
        # The council's departments, services and people are edited under Council
        # settings; the API lists what the case form offers.
        "views": "its pages are council's settings pages",
        "urls": "its pages are council's settings pages",
    },
    "mail": {
        # The one endpoint is the inbound webhook, which sits with the rest of mail in.
        "api": "its one endpoint is the webhook in mail/inbound/api.py",
    },
    "moving": {
        # Imports are started and followed on Council settings' Import cases pages,
        # and from manage.py.
        "api": _NO_PAGES_OR_API,
        "views": "its pages are council's Import cases pages",
        "urls": "its pages are council's Import cases pages",
    },
    "permissions": {
        # Not a domain app: the rules, one module per concern, between charter and
        # cases. It decides and never writes; grants.py reads what a user holds.
        "models": "rules only, no tables",
        "services": "it decides, it never writes",
        "selectors": "grants.py reads what a user holds, once a request",
        "api": "api.py holds DRF permission classes, not endpoints",
        "views": "rules only",
        "urls": "rules only",
    },
    "places": {
        # Wards: loaded from the council file (directory) and edited under Council
        # settings, so its writes, reads and tests are those apps'.
        "services": "wards are loaded by directory's council file",
        "selectors": "wards are read by council's selectors and the forms",
        "api": _NO_PAGES_OR_API,
        "views": "wards are edited under Council settings",
        "urls": "wards are edited under Council settings",
        "tests": "its one model is tested with the council file (tests/directory)",
    },
    "reports": {
        # Reports only read. Their reads given the user are queries.py, which is still
        # on mypy's relaxed list; it becomes selectors.py once it is typed.
        "services": "reports only read",
        "selectors": "its reads are queries.py until it is typed",
    },
}

# Modules a views/ or api/ package would otherwise rule out, each with why it stays.
ALLOWED_MODULES = {
    "core/error_views.py": "Django's handler404 and handler500 hooks; core has no pages",
    "permissions/api.py": "the DRF permission classes, one module per concern",
}


def _apps():
    return sorted(
        (config.name.rpartition(".")[2], Path(config.path))
        for config in apps.get_app_configs()
        if config.name.startswith("wardcase.")
    )


def _has(folder, names):
    return any(
        (folder / name.rstrip("/")).is_dir() if name.endswith("/") else (folder / name).is_file()
        for name in names
    )


def test_every_wardcase_app_is_checked():
    """The table names only real apps, and the apps are the installed ones."""
    names = {name for name, _path in _apps()}
    assert {"cases", "core", "search", "demo"} <= names
    assert set(EXCEPTIONS) <= names


@pytest.mark.parametrize(("app", "folder"), _apps(), ids=[name for name, _path in _apps()])
def test_app_has_the_shape(app, folder):
    """Each app has every part of the shape, or an exception that says why it has not."""
    excused = EXCEPTIONS.get(app, {})
    problems = []
    for part, names in PARTS.items():
        present = _has(folder, names)
        if not present and part not in excused:
            problems.append(f"{app} has no {' or '.join(names)}")
        if present and part in excused:
            problems.append(f"{app} now has its {part}: remove its exception")
    mirror = (TESTS / app).is_dir()
    if not mirror and "tests" not in excused:
        problems.append(f"{app} has no tests/{app}/")
    if mirror and "tests" in excused:
        problems.append(f"{app} now has tests/{app}/: remove its exception")
    assert problems == []


@pytest.mark.parametrize(("app", "folder"), _apps(), ids=[name for name, _path in _apps()])
def test_no_views_or_api_module_beside_the_packages(app, folder):
    """views.py, api.py and *_views.py at an app's top are never the shape: views and
    API views go in their packages, a module per page group."""
    stray = sorted(
        f"{app}/{path.name}"
        for pattern in ("views.py", "api.py", "*_views.py", "views_*.py", "api_*.py")
        for path in folder.glob(pattern)
    )
    assert [name for name in stray if name not in ALLOWED_MODULES] == []


def test_allowed_modules_still_exist():
    """An allowance for a module that has gone is removed with it."""
    wardcase_dir = dict(_apps())["core"].parent
    assert [name for name in ALLOWED_MODULES if not (wardcase_dir / name).is_file()] == []
