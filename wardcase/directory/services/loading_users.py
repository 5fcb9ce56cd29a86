"""Loading a council file's people: its users, their roles and wards, who heads which
department, and the administrators' group in the Django admin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission

from wardcase.accounts.models import Role, User
from wardcase.directory.council_file import (
    CouncilSpec,
)
from wardcase.directory.models import Department
from wardcase.directory.services.fields import fields_set
from wardcase.places.models import Ward

if TYPE_CHECKING:
    from wardcase.directory.services.loading import Tally

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


def apply_users(
    spec: CouncilSpec,
    wards: dict[str, Ward],
    departments: dict[str, Department],
    tally: Tally,
    demo_password: str | None,
) -> dict[str, User]:
    existing = {u.username: u for u in User.objects.filter(username__in=_usernames(spec))}
    hashes = _PasswordHashes(demo_password)
    admins = _administrators_group()
    admin_ids = set(admins.user_set.values_list("pk", flat=True))
    headed = _headed_by(spec)
    users: dict[str, User] = {}
    for item in spec.users:
        values: dict[str, Any] = {
            "name": item["name"],
            "email": item["email"],
            "role": item["role"],
        }
        if "ward" in item:
            values["ward"] = wards[item["ward"]] if item["ward"] else None
        if "department" in item:
            values["department"] = departments[item["department"]] if item["department"] else None
        elif item["username"] in headed:
            # A head of service named only as a department's head works in that department.
            values["department"] = departments[headed[item["username"]][0]]
        user = existing.get(item["username"])
        created = user is None
        if user is None:
            user = User(username=item["username"], **values)
            user.is_staff = item["role"] == Role.ADMINISTRATOR
            user.password = hashes.new() if demo_password else make_password(None)
            user.save()
            changed: list[str] = []
        else:
            staff = item["role"] == Role.ADMINISTRATOR or user.is_superuser
            changed = fields_set(obj=user, save=False, is_staff=staff, **values)
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


def apply_heads(
    spec: CouncilSpec,
    departments: dict[str, Department],
    users: dict[str, User],
    tallies: dict[str, Tally],
) -> None:
    """Named heads head their departments; so does a department's only head of service."""
    heads = {d["name"]: d["head"] for d in spec.departments if d["head_given"]}
    for item in spec.users:
        department = item.get("department")
        if item["role"] == Role.HEAD_OF_SERVICE and department and department not in heads:
            heads[department] = item["username"]
    for name, username in heads.items():
        department = departments[name]
        head: User | None = None
        if username:
            head = users.get(username) or User.objects.get(username=username)
        if department.head_id != (head.pk if head else None):
            department.head = head
            department.save(update_fields=["head"])
            tallies["departments"].mark(name, changed=True)


def _headed_by(spec: CouncilSpec) -> dict[str, list[str]]:
    """Username -> the names of the departments the file names them head of."""
    headed: dict[str, list[str]] = {}
    for department in spec.departments:
        if department["head"]:
            headed.setdefault(department["head"], []).append(department["name"])
    return headed


def _usernames(spec: CouncilSpec) -> list[str]:
    return [u["username"] for u in spec.users]


class _PasswordHashes:
    """One demo password, hashed once: hashing it per user would take seconds each."""

    def __init__(self, password: str | None) -> None:
        self.password = password
        self._hash: str | None = None
        self._checked: dict[str, bool] = {}

    def new(self) -> str:
        if self._hash is None:
            self._hash = make_password(self.password)
        return self._hash

    def matches(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = check_password(self.password, encoded)
        return self._checked[encoded]


def _administrators_group() -> Group:
    group, created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    if created:
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _codename in ADMINISTRATOR_PERMISSIONS},
            codename__in={codename for _app, codename in ADMINISTRATOR_PERMISSIONS},
        )
        group.permissions.set(permissions)
    return group
