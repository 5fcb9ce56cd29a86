"""Writes to the directory: loading a council from a file, the default glossary, and the
administrator's changes to wards, directorates, departments and services (Council settings).

`council_load` checks a whole council file first and then writes it in one transaction,
so a bad file changes nothing. Loading is idempotent: objects are found by their natural
keys (council and ward and department names, service within department, username) and
only the values that differ are written.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.accounts.invitations import invitation_send
from wardcase.accounts.models import Role, User
from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError
from wardcase.directory.council_checks import GSS_CODE, GSS_NATION_LETTER
from wardcase.directory.council_file import (
    CouncilFile,
    CouncilFileError,
    Known,
    Problem,
    check_council_data,
)
from wardcase.directory.models import Council, Department, Directorate, Service
from wardcase.directory.permissions import require_council_settings
from wardcase.places.models import Ward

GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "glossary.yaml"

# Administrators configure the council in the Django admin; this group gives them the
# configuration models there, and nothing about cases (case content is not in the admin).
ADMINISTRATORS_GROUP = "Council administrators"
ADMINISTRATOR_PERMISSIONS = [
    (app_label, f"{action}_{model}")
    for app_label, model in (
        ("directory", "council"),
        ("directory", "directorate"),
        ("directory", "department"),
        ("directory", "service"),
        ("places", "ward"),
        ("accounts", "user"),
    )
    for action in ("view", "add", "change")
]

KINDS = ("council", "wards", "departments", "services", "users")


@dataclass
class Tally:
    """What loading did to one kind of object, by natural key."""

    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)
    seen: set = field(default_factory=set)

    def mark(self, key, *, created=False, changed=False):
        self.seen.add(key)
        if created:
            self.created.add(key)
        elif changed and key not in self.created:
            self.updated.add(key)

    @property
    def unchanged(self):
        return len(self.seen - self.created - self.updated)

    def __str__(self):
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged"
        )


@dataclass
class LoadSummary:
    """Counts of what a load created, updated and left unchanged, per kind of object."""

    council: str
    tallies: dict = field(default_factory=lambda: {kind: Tally() for kind in KINDS})
    invited: list = field(default_factory=list)  # usernames sent an invitation

    @property
    def created(self):
        return sum(len(t.created) for t in self.tallies.values())

    @property
    def updated(self):
        return sum(len(t.updated) for t in self.tallies.values())

    @property
    def unchanged(self):
        return sum(t.unchanged for t in self.tallies.values())

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def lines(self):
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


@transaction.atomic
def glossary_load(*, council: Council, summary: LoadSummary | None = None) -> LoadSummary:
    """Create the default glossary's departments and services that the council lacks.

    Existing departments and services are left as they are (an administrator may have
    retired one); nothing is deleted. Returns the LoadSummary it added to.
    """
    summary = summary or LoadSummary(council=council.name)
    departments = {d.name: d for d in council.departments.all()}
    for name, services in glossary_read():
        department = departments.get(name)
        if department is None:
            department = departments[name] = Department.objects.create(council=council, name=name)
            summary.tallies["departments"].mark(name, created=True)
        else:
            summary.tallies["departments"].mark(name)
        existing = set(department.services.values_list("name", flat=True))
        missing = [s for s in dict.fromkeys(services) if s not in existing]
        Service.objects.bulk_create([Service(department=department, name=s) for s in missing])
        for service in services:
            summary.tallies["services"].mark((name, service), created=service in missing)
    return summary


# --- Loading a council ------------------------------------------------------------------


def council_load(
    *,
    data: CouncilFile | Mapping[str, Any],
    lines: Mapping[str, int] | None = None,
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


def _known(data):
    """What the database already holds that the file may refer to by name."""
    known = Known(users=dict(User.objects.values_list("username", "role")))
    council = data.get("council") if isinstance(data, dict) else None
    name = council.get("name") if isinstance(council, dict) else None
    council = Council.objects.filter(name=name.strip()).first() if isinstance(name, str) else None
    if council is not None:
        known.wards = set(council.wards.values_list("name", flat=True))
        known.departments = set(council.departments.values_list("name", flat=True))
    return known


def _apply(spec, *, glossary, demo_password):
    summary = LoadSummary(council=spec.name)
    tallies = summary.tallies

    council, created = Council.objects.get_or_create(
        name=spec.name, defaults={"nation": spec.nation}
    )
    changed = _set_fields(council, nation=spec.nation)
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
            values = {"gss_code": item["gss_code"]} if "gss_code" in item else {}
            tallies["wards"].mark(ward.name, changed=bool(_set_fields(ward, **values)))

    departments = {d.name: d for d in council.departments.all()}
    for item in spec.departments:
        values = {}
        if "directorate" in item:
            values["directorate"] = _directorate(council, item["directorate"])
        if item["name"] not in departments:
            departments[item["name"]] = Department.objects.create(
                council=council, name=item["name"], **values
            )
            tallies["departments"].mark(item["name"], created=True)
        else:
            changed = _set_fields(departments[item["name"]], **values)
            tallies["departments"].mark(item["name"], changed=bool(changed))

    for item in spec.services:
        department = departments[item["department"]]
        _service, created = Service.objects.get_or_create(department=department, name=item["name"])
        tallies["services"].mark((department.name, item["name"]), created=created)

    users = _apply_users(spec, wards, departments, tallies["users"], demo_password)
    _apply_heads(spec, departments, users, tallies)
    if not demo_password:
        # New people get a password only by accepting an invitation (demo users share one).
        for username in sorted(tallies["users"].created):
            invitation_send(user=users[username], by=None)
            summary.invited.append(username)
    return summary


def _directorate(council, name):
    """The council's directorate of this name, made if new; None for none."""
    if not name:
        return None
    return Directorate.objects.get_or_create(council=council, name=name)[0]


def _apply_users(spec, wards, departments, tally, demo_password):
    existing = {u.username: u for u in User.objects.filter(username__in=_usernames(spec))}
    hashes = _PasswordHashes(demo_password)
    admins = _administrators_group()
    admin_ids = set(admins.user_set.values_list("pk", flat=True))
    headed = _headed_by(spec)
    users = {}
    for item in spec.users:
        values = {"name": item["name"], "email": item["email"], "role": item["role"]}
        if "ward" in item:
            values["ward"] = wards[item["ward"]] if item["ward"] else None
        if "department" in item:
            values["department"] = departments[item["department"]] if item["department"] else None
        elif item["username"] in headed:
            # A head of service named only as a department's head works in that department.
            values["department"] = departments[headed[item["username"]][0]]
        user = existing.get(item["username"])
        created = user is None
        if created:
            user = User(username=item["username"], **values)
            user.is_staff = item["role"] == Role.ADMINISTRATOR
            user.password = hashes.new() if demo_password else make_password(None)
            user.save()
            changed = []
        else:
            staff = item["role"] == Role.ADMINISTRATOR or user.is_superuser
            changed = _set_fields(user, save=False, is_staff=staff, **values)
            if demo_password and not hashes.matches(user.password):
                user.password = hashes.new()
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
        is_admin = item["role"] == Role.ADMINISTRATOR
        if is_admin and user.pk not in admin_ids:
            admins.user_set.add(user)
            changed = [*changed, "groups"]
        elif not is_admin and user.pk in admin_ids:
            admins.user_set.remove(user)
            changed = [*changed, "groups"]
        users[user.username] = user
        tally.mark(user.username, created=created, changed=bool(changed))

    # Delegation second: a caseworker may act for a councillor listed after them.
    for item in spec.users:
        if "acts_for" not in item:
            continue
        user = users[item["username"]]
        wanted = {username for _index, username in item["acts_for"]}
        current = set(user.acts_for.values_list("username", flat=True))
        if wanted != current:
            others = {u.username: u for u in users.values() if u.username in wanted}
            missing = wanted - set(others)
            others.update({u.username: u for u in User.objects.filter(username__in=missing)})
            user.acts_for.set(others.values())
            tally.mark(user.username, changed=True)
    return users


def _apply_heads(spec, departments, users, tallies):
    """Named heads head their departments; so does a department's only head of service."""
    heads = {d["name"]: d["head"] for d in spec.departments if d["head_given"]}
    for item in spec.users:
        department = item.get("department")
        if item["role"] == Role.HEAD_OF_SERVICE and department and department not in heads:
            heads[department] = item["username"]
    for name, username in heads.items():
        department = departments[name]
        head = None
        if username:
            head = users.get(username) or User.objects.get(username=username)
        if department.head_id != (head.pk if head else None):
            department.head = head
            department.save(update_fields=["head"])
            tallies["departments"].mark(name, changed=True)


def _headed_by(spec):
    """Username -> the names of the departments the file names them head of."""
    headed = {}
    for department in spec.departments:
        if department["head"]:
            headed.setdefault(department["head"], []).append(department["name"])
    return headed


def _usernames(spec):
    return [u["username"] for u in spec.users]


def _set_fields(obj, *, save=True, **values):
    """Set the values that differ; returns the names of the fields changed."""
    changed = []
    for name, value in values.items():
        current = getattr(obj, f"{name}_id") if _is_relation(obj, name) else getattr(obj, name)
        wanted = value.pk if _is_relation(obj, name) and value is not None else value
        if current != wanted:
            setattr(obj, name, value)
            changed.append(name)
    if changed and save:
        obj.save(update_fields=changed)
    return changed


def _is_relation(obj, name):
    return obj._meta.get_field(name).is_relation


class _PasswordHashes:
    """One demo password, hashed once: hashing it per user would take seconds each."""

    def __init__(self, password):
        self.password = password
        self._hash = None
        self._checked = {}

    def new(self):
        if self._hash is None:
            self._hash = make_password(self.password)
        return self._hash

    def matches(self, encoded):
        if encoded not in self._checked:
            self._checked[encoded] = check_password(self.password, encoded)
        return self._checked[encoded]


def _administrators_group():
    group, created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    if created:
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _codename in ADMINISTRATOR_PERMISSIONS},
            codename__in={codename for _app, codename in ADMINISTRATOR_PERMISSIONS},
        )
        group.permissions.set(permissions)
    return group


# --- Council settings: the administrator's changes --------------------------------------
#
# Each checks the user may configure the council, refuses bad input with a ServiceError
# naming the field, and writes an audit entry, in one transaction.

NAME_MAX = 200


def the_council() -> Council:
    """The council this installation runs; a clear error before one is loaded."""
    council = Council.objects.first()
    if council is None:
        raise ServiceError(_("No council is loaded yet: load the council file first."))
    return council


def _clean_name(name, *, what, field="name"):
    name = " ".join(str(name or "").split())
    if not name:
        raise ServiceError(_("Enter the %(what)s's name") % {"what": what}, field=field)
    if len(name) > NAME_MAX:
        raise ServiceError(
            _("The %(what)s's name must be %(max)s characters or fewer")
            % {"what": what, "max": NAME_MAX},
            field=field,
        )
    return name


def _refuse_duplicate(queryset, name, message, **names):
    if queryset.filter(name__iexact=name).exists():
        raise ServiceError(message % {"name": name, **names}, field="name")


def _audit_change(*, by, obj, action, before=None, **detail):
    """The audit entry of a settings change: what it was and what it is now."""
    if before is not None:
        detail["before"] = before
    audit_record(actor=by, action=action, obj=obj, name=str(obj), **detail)


def _refuse_if(reasons, message, *, name):
    """Refuse with every reason at once, so the administrator can fix them all."""
    if reasons:
        raise ServiceError(message % {"name": name, "reasons": "; ".join(reasons)})


def _delete(obj, *, by, **detail):
    _audit_change(by=by, obj=obj, action="config.deleted", **detail)
    obj.delete()


def _switch(obj, *, by, active):
    """Switch `obj.active`; audited. Returns whether it changed."""
    if obj.active == active:
        return False
    obj.active = active
    obj.save(update_fields=["active"])
    _audit_change(by=by, obj=obj, action="config.changed", active=active)
    return True


def _clean_gss_code(code, *, council, ward=None):
    code = str(code or "").strip().upper()
    if not code:
        return ""
    if not GSS_CODE.match(code):
        raise ServiceError(
            _("Enter the ward's GSS code as a letter and 8 digits, like E05012345"),
            field="gss_code",
        )
    letter = GSS_NATION_LETTER.get(council.nation)
    if letter and code[0] != letter:
        raise ServiceError(
            _("A ward in %(nation)s has a GSS code starting with %(letter)s")
            % {"nation": council.get_nation_display(), "letter": letter},
            field="gss_code",
        )
    others = council.wards.exclude(pk=ward.pk) if ward else council.wards.all()
    if others.filter(gss_code=code).exists():
        raise ServiceError(_("Another ward already has the GSS code %s") % code, field="gss_code")
    return code


@transaction.atomic
def ward_create(*, by: User, name: str, gss_code: str = "") -> Ward:
    """Add a ward to the council."""
    require_council_settings(by)
    council = the_council()
    name = _clean_name(name, what=_("ward"))
    _refuse_duplicate(council.wards, name, _('There is already a ward called "%(name)s"'))
    ward = Ward.objects.create(
        council=council, name=name, gss_code=_clean_gss_code(gss_code, council=council)
    )
    _audit_change(by=by, obj=ward, action="config.added", gss_code=ward.gss_code)
    return ward


@transaction.atomic
def ward_update(*, ward: Ward, by: User, name: str, gss_code: str = "") -> list[str]:
    """Rename a ward or correct its GSS code. Returns the fields changed."""
    require_council_settings(by)
    ward = Ward.objects.select_for_update().get(pk=ward.pk)
    name = _clean_name(name, what=_("ward"))
    _refuse_duplicate(
        ward.council.wards.exclude(pk=ward.pk), name, _('There is already a ward called "%(name)s"')
    )
    before = {"name": ward.name, "gss_code": ward.gss_code}
    code = _clean_gss_code(gss_code, council=ward.council, ward=ward)
    changed = _set_fields(ward, name=name, gss_code=code)
    if changed:
        _audit_change(by=by, obj=ward, action="config.changed", before=before, changed=changed)
    return changed


@transaction.atomic
def directorate_create(*, by: User, name: str) -> Directorate:
    """Add a directorate, a group of departments under one director."""
    require_council_settings(by)
    council = the_council()
    name = _clean_name(name, what=_("directorate"))
    _refuse_duplicate(
        council.directorates, name, _('There is already a directorate called "%(name)s"')
    )
    directorate = Directorate.objects.create(council=council, name=name)
    _audit_change(by=by, obj=directorate, action="config.added")
    return directorate


@transaction.atomic
def directorate_update(*, directorate: Directorate, by: User, name: str) -> list[str]:
    """Rename a directorate. Returns the fields changed."""
    require_council_settings(by)
    directorate = Directorate.objects.select_for_update().get(pk=directorate.pk)
    name = _clean_name(name, what=_("directorate"))
    _refuse_duplicate(
        directorate.council.directorates.exclude(pk=directorate.pk),
        name,
        _('There is already a directorate called "%(name)s"'),
    )
    before = {"name": directorate.name}
    changed = _set_fields(directorate, name=name)
    if changed:
        _audit_change(by=by, obj=directorate, action="config.changed", before=before)
    return changed


def directorate_in_use(*, directorate: Directorate) -> list[str]:
    """Why the directorate cannot be deleted, in words; empty when nothing depends on it."""
    reasons = []
    departments = directorate.departments.count()
    if departments:
        reasons.append(_("%(n)s department(s) belong to it: move them first") % {"n": departments})
    rules = directorate.charter_rules.count()
    if rules:
        reasons.append(_("it has %(n)s set(s) of charter terms: remove them first") % {"n": rules})
    return reasons


@transaction.atomic
def directorate_delete(*, directorate: Directorate, by: User) -> None:
    """Delete a directorate that nothing depends on."""
    require_council_settings(by)
    directorate = Directorate.objects.select_for_update().get(pk=directorate.pk)
    _refuse_if(
        directorate_in_use(directorate=directorate),
        _("%(name)s cannot be deleted: %(reasons)s."),
        name=directorate.name,
    )
    _delete(directorate, by=by)


def _check_head(head):
    if head is None:
        return None
    if head.role != Role.HEAD_OF_SERVICE or not head.is_active:
        raise ServiceError(
            _("Choose a head of service: %(name)s is not one") % {"name": head}, field="head"
        )
    return head


def _check_directorate(directorate, council):
    if directorate is not None and directorate.council_id != council.pk:
        raise ServiceError(_("Choose one of the council's directorates"), field="directorate")
    return directorate


@transaction.atomic
def department_create(
    *,
    by: User,
    name: str,
    directorate: Directorate | None = None,
    head: User | None = None,
) -> Department:
    """Add a department, optionally in a directorate and with its head of service."""
    require_council_settings(by)
    council = the_council()
    name = _clean_name(name, what=_("department"))
    _refuse_duplicate(
        council.departments, name, _('There is already a department called "%(name)s"')
    )
    department = Department.objects.create(
        council=council,
        name=name,
        directorate=_check_directorate(directorate, council),
        head=_check_head(head),
    )
    _audit_change(
        by=by,
        obj=department,
        action="config.added",
        directorate=str(department.directorate or ""),
        head=str(department.head or ""),
    )
    return department


@transaction.atomic
def department_update(
    *,
    department: Department,
    by: User,
    name: str,
    directorate: Directorate | None,
    head: User | None,
) -> list[str]:
    """Rename a department, move it to another directorate or change its head of service."""
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    name = _clean_name(name, what=_("department"))
    _refuse_duplicate(
        department.council.departments.exclude(pk=department.pk),
        name,
        _('There is already a department called "%(name)s"'),
    )
    before = {
        "name": department.name,
        "directorate": str(department.directorate or ""),
        "head": str(department.head or ""),
    }
    changed = _set_fields(
        department,
        name=name,
        directorate=_check_directorate(directorate, department.council),
        head=_check_head(head),
    )
    if changed:
        _audit_change(
            by=by, obj=department, action="config.changed", before=before, changed=changed
        )
    return changed


def department_in_use(*, department: Department) -> list[str]:
    """Why the department cannot be deleted, in words; empty when nothing depends on it."""
    counts = [
        (department.cases.count(), _("%(n)s case(s) are assigned to it")),
        (department.services.count(), _("%(n)s service(s) in the glossary belong to it")),
        (department.staff.count(), _("%(n)s user(s) work in it")),
        (department.charter_rules.count(), _("it has %(n)s set(s) of charter terms")),
    ]
    return [message % {"n": n} for n, message in counts if n]


def department_open_work(*, department: Department) -> list[str]:
    """Why the department cannot be switched off now; empty when it can."""
    from wardcase.cases.choices import Status

    reasons = []
    open_cases = department.cases.exclude(status=Status.CLOSED).count()
    if open_cases:
        reasons.append(_("%(n)s open case(s) are assigned to it") % {"n": open_cases})
    services = department.services.filter(active=True).count()
    if services:
        reasons.append(
            _("%(n)s of its services are still offered: retire them first") % {"n": services}
        )
    return reasons


@transaction.atomic
def department_set_active(*, department: Department, by: User, active: bool) -> bool:
    """Switch a department off (no longer offered for assignment) or back on.

    Refused while it has open cases or offered services. Returns whether it changed.
    """
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    if department.active and not active:
        _refuse_if(
            department_open_work(department=department),
            _("%(name)s cannot be switched off: %(reasons)s."),
            name=department.name,
        )
    return _switch(department, by=by, active=active)


@transaction.atomic
def department_delete(*, department: Department, by: User) -> None:
    """Delete a department that nothing depends on (one added by mistake)."""
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    _refuse_if(
        department_in_use(department=department),
        _("%(name)s cannot be deleted: %(reasons)s. Switch it off instead."),
        name=department.name,
    )
    _delete(department, by=by)


def _check_department(department, council):
    if department is None or department.council_id != council.pk:
        raise ServiceError(_("Choose the department that deals with it"), field="department")
    return department


def _refuse_duplicate_service(department, name, service=None):
    others = department.services.exclude(pk=service.pk) if service else department.services
    _refuse_duplicate(
        others.all(),
        name,
        _('%(department)s already has a service called "%(name)s"'),
        department=department.name,
    )


@transaction.atomic
def service_create(*, by: User, department: Department, name: str) -> Service:
    """Add a service to the glossary, under the department that deals with it."""
    require_council_settings(by)
    department = _check_department(department, the_council())
    name = _clean_name(name, what=_("service"))
    _refuse_duplicate_service(department, name)
    service = Service.objects.create(department=department, name=name)
    _audit_change(by=by, obj=service, action="config.added", department=department.name)
    return service


@transaction.atomic
def service_update(*, service: Service, by: User, department: Department, name: str) -> list[str]:
    """Rename a service or move it to another department. Cases keep their service."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    department = _check_department(department, the_council())
    name = _clean_name(name, what=_("service"))
    _refuse_duplicate_service(department, name, service)
    before = {"name": service.name, "department": service.department.name}
    changed = _set_fields(service, name=name, department=department)
    if changed:
        _audit_change(by=by, obj=service, action="config.changed", before=before, changed=changed)
    return changed


@transaction.atomic
def service_set_active(*, service: Service, by: User, active: bool) -> bool:
    """Retire a service (no longer offered when logging a case; its cases keep it) or offer
    it again. Returns whether it changed."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    return _switch(service, by=by, active=active)


@transaction.atomic
def service_delete(*, service: Service, by: User) -> None:
    """Delete a service no case has used (one added by mistake); others are retired."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    used = service.cases.count()
    if used:
        raise ServiceError(
            _("%(name)s cannot be deleted: %(n)s case(s) use it. Retire it instead.")
            % {"name": service.name, "n": used}
        )
    _delete(service, by=by, department=service.department.name)
