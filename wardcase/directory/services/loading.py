"""Loading a council from a file, and the default glossary of services.

`council_load` checks a whole council file first and then writes it in one transaction,
so a bad file changes nothing. Loading is idempotent: objects are found by their natural
keys (council and ward and department names, service within department, username) and
only the values that differ are written.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from wardcase.accounts.invitations import invitation_send
from wardcase.accounts.models import User
from wardcase.audit.services import audit_record
from wardcase.directory.council_file import (
    CouncilFile,
    CouncilFileError,
    CouncilSpec,
    Known,
    LinePath,
    Problem,
    check_council_data,
)
from wardcase.directory.models import Council, Department, Directorate, Service
from wardcase.directory.services.fields import fields_set
from wardcase.directory.services.loading_users import apply_heads, apply_users
from wardcase.places.models import Ward

GLOSSARY_PATH = Path(__file__).resolve().parents[1] / "data" / "glossary.yaml"

KINDS = ("council", "wards", "directorates", "departments", "services", "users")


@dataclass
class Tally:
    """What loading did to one kind of object, by natural key."""

    created: set[Any] = field(default_factory=set)
    updated: set[Any] = field(default_factory=set)
    seen: set[Any] = field(default_factory=set)

    def mark(self, key: Any, *, created: bool = False, changed: bool = False) -> None:
        self.seen.add(key)
        if created:
            self.created.add(key)
        elif changed and key not in self.created:
            self.updated.add(key)

    @property
    def unchanged(self) -> int:
        return len(self.seen - self.created - self.updated)

    def __str__(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged"
        )


@dataclass
class LoadSummary:
    """Counts of what a load created, updated and left unchanged, per kind of object."""

    council: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})
    invited: list[str] = field(default_factory=list)  # usernames sent an invitation

    @property
    def created(self) -> int:
        return sum(len(t.created) for t in self.tallies.values())

    @property
    def updated(self) -> int:
        return sum(len(t.updated) for t in self.tallies.values())

    @property
    def unchanged(self) -> int:
        return sum(t.unchanged for t in self.tallies.values())

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> Iterator[str]:
        yield (
            f"{self.council}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        for kind in KINDS:
            yield f"  {kind}: {self.tallies[kind]}"
        if self.invited:
            yield f"  invitations sent: {', '.join(self.invited)}"


# --- The default glossary ---------------------------------------------------------------


def glossary_read(*, path: str | Path = GLOSSARY_PATH) -> list[tuple[str, list[str]]]:
    """The shipped default glossary as [(department name, [service names])]."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    glossary = []
    for department in data.get("departments") or []:
        name = str(department["name"]).strip()
        services = [str(s).strip() for s in department.get("services") or []]
        glossary.append((name, services))
    return glossary


def glossary_aliases(*, path: str | Path = GLOSSARY_PATH) -> dict[str, str]:
    """The shipped glossary's other words for services, by service name ("bin, refuse")."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {
        str(name).strip(): str(words).strip() for name, words in (data.get("aliases") or {}).items()
    }


@transaction.atomic
def glossary_load(*, council: Council, summary: LoadSummary | None = None) -> LoadSummary:
    """Create the default glossary's departments and services that the council lacks.

    Existing departments and services are left as they are (an administrator may have
    retired one); nothing is deleted. Returns the LoadSummary it added to.
    """
    summary = summary or LoadSummary(council=council.name)
    departments = {d.name: d for d in council.departments.all()}
    aliases = glossary_aliases()
    for name, services in glossary_read():
        department = departments.get(name)
        if department is None:
            department = departments[name] = Department.objects.create(council=council, name=name)
            summary.tallies["departments"].mark(name, created=True)
        else:
            summary.tallies["departments"].mark(name)
        existing = set(department.services.values_list("name", flat=True))
        missing = [s for s in dict.fromkeys(services) if s not in existing]
        Service.objects.bulk_create(
            [Service(department=department, name=s, aliases=aliases.get(s, "")) for s in missing]
        )
        # An existing service gains the shipped other words only if it has none of its own.
        for unworded in department.services.filter(aliases="", name__in=aliases):
            fields_set(obj=unworded, aliases=aliases[unworded.name])
        for service in services:
            summary.tallies["services"].mark((name, service), created=service in missing)
    return summary


# --- Loading a council ------------------------------------------------------------------


def council_load(
    *,
    data: CouncilFile | Mapping[str, Any],
    lines: Mapping[LinePath, int] | None = None,
    glossary: bool = False,
    demo_password: str | None = None,
) -> LoadSummary:
    """Create or update a council from the data of a council file. Returns a LoadSummary.

    `data` is the parsed file (see `wardcase.directory.council_file`); `lines` maps key
    paths to line numbers for messages. `glossary=True` loads the default glossary as the
    file's `glossary: default` does. New users get an unusable password; `demo_password`
    instead sets that password on every user in the file (demo councils only).
    Raises CouncilFileError, listing every problem, before writing anything.
    """
    source = data if isinstance(data, CouncilFile) else CouncilFile(data=data, lines=lines or {})
    spec = check_council_data(
        source,
        glossary_departments=[name for name, _services in glossary_read()],
        with_glossary=glossary,
        known=_known(source.data),
    )
    other = Council.objects.exclude(name=spec.name).first()
    if other is not None:
        raise CouncilFileError(
            [
                Problem(
                    "council.name",
                    f'this installation already holds "{other}", and Wardcase runs one council '
                    f'per installation: "{spec.name}" needs a database of its own',
                    source.line_of(("council", "name")),
                    source.place_of(("council", "name")),
                )
            ]
        )
    with transaction.atomic():
        summary = _apply(spec, glossary=spec.glossary, demo_password=demo_password)
        if summary.changed:
            audit_record(
                actor=None,
                action="council.loaded",
                name=summary.council,
                counts={kind: str(tally) for kind, tally in summary.tallies.items()},
            )
        return summary


def _known(data: object) -> Known:
    """What the database already holds that the file may refer to by name."""
    known = Known(users=dict(User.objects.values_list("username", "role")))
    council = data.get("council") if isinstance(data, dict) else None
    name = council.get("name") if isinstance(council, dict) else None
    council = Council.objects.filter(name=name.strip()).first() if isinstance(name, str) else None
    if council is not None:
        known.wards = set(council.wards.values_list("name", flat=True))
        known.directorates = set(council.directorates.values_list("name", flat=True))
        known.departments = set(council.departments.values_list("name", flat=True))
    return known


def _apply(spec: CouncilSpec, *, glossary: bool, demo_password: str | None) -> LoadSummary:
    summary = LoadSummary(council=spec.name)
    tallies = summary.tallies

    council, created = Council.objects.get_or_create(
        name=spec.name, defaults={"nation": spec.nation}
    )
    changed = fields_set(obj=council, nation=spec.nation)
    tallies["council"].mark(spec.name, created=created, changed=bool(changed))

    if glossary:
        glossary_load(council=council, summary=summary)

    wards = {w.name: w for w in council.wards.all()}
    for item in spec.wards:
        ward = wards.get(item["name"])
        if ward is None:
            ward = wards[item["name"]] = Ward.objects.create(
                council=council, name=item["name"], gss_code=item.get("gss_code", "")
            )
            tallies["wards"].mark(ward.name, created=True)
        else:
            gss = {"gss_code": item["gss_code"]} if "gss_code" in item else {}
            tallies["wards"].mark(ward.name, changed=bool(fields_set(obj=ward, **gss)))

    for item in spec.directorates:
        _made, created = Directorate.objects.get_or_create(council=council, name=item["name"])
        tallies["directorates"].mark(item["name"], created=created)

    departments = {d.name: d for d in council.departments.all()}
    for item in spec.departments:
        values: dict[str, Any] = {}
        if "directorate" in item:
            values["directorate"] = _directorate(council, item["directorate"], tallies)
        if item["name"] not in departments:
            departments[item["name"]] = Department.objects.create(
                council=council, name=item["name"], **values
            )
            tallies["departments"].mark(item["name"], created=True)
        else:
            changed = fields_set(obj=departments[item["name"]], **values)
            tallies["departments"].mark(item["name"], changed=bool(changed))

    for item in spec.services:
        department = departments[item["department"]]
        _service, created = Service.objects.get_or_create(department=department, name=item["name"])
        tallies["services"].mark((department.name, item["name"]), created=created)

    users = apply_users(spec, wards, departments, tallies["users"], demo_password)
    apply_heads(spec, departments, users, tallies)
    if not demo_password:
        # New people get a password only by accepting an invitation (demo users share one).
        for username in sorted(tallies["users"].created):
            invitation_send(user=users[username], by=None)
            summary.invited.append(username)
    return summary


def _directorate(
    council: Council, name: str | None, tallies: dict[str, Tally]
) -> Directorate | None:
    """The council's directorate of this name, made if new; None for none."""
    if not name:
        return None
    directorate, created = Directorate.objects.get_or_create(council=council, name=name)
    tallies["directorates"].mark(name, created=created)
    return directorate
