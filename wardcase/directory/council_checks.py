"""Checking a council file's content before anything is written.

`check_council_data` takes a parsed file (see `council_file`) and returns a checked
`CouncilSpec` or raises `CouncilFileError` listing every problem. Everything here is pure.
Each problem names the key (`users[3].role`, indexes from 0) and, where the file is YAML
or JSON text, its line, or, where it is a workbook, its sheet, row and column, so an
administrator can find it. The keys a file may hold, and the checker, are in
`council_spec`.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from wardcase.accounts.models import Role
from wardcase.directory.council_spec import (
    COUNCIL_KEYS,
    DEPARTMENT_KEYS,
    DIRECTORATE_KEYS,
    EMAIL_MAX,
    GLOSSARY_DEFAULT,
    GSS_CODE,
    GSS_NATION_LETTER,
    SERVICE_KEYS,
    TOP_KEYS,
    USER_KEYS,
    USERNAME_MAX,
    WARD_KEYS,
    Checker,
    CouncilFileError,
    CouncilSpec,
    Known,
)
from wardcase.directory.models import Nation


def check_council_data(
    source: Any,
    *,
    glossary_departments: Iterable[str] = (),
    with_glossary: bool = False,
    known: Known | None = None,
) -> CouncilSpec:
    """Check a parsed council file. Returns a CouncilSpec, or raises CouncilFileError.

    `glossary_departments` are the default glossary's department names, which the file
    may refer to when it asks for the glossary (or `with_glossary` asks for it);
    `known` is what the database already holds.
    """
    known = known or Known()
    check = Checker(source)
    data = check.mapping(source.data, (), TOP_KEYS, "council, wards, departments, users ...")
    if data is None:
        raise CouncilFileError(check.problems)

    # The council.
    name = nation = None
    if "council" not in data:
        check.add(("council",), "is required")
    elif check.mapping(data["council"], ("council",), COUNCIL_KEYS, "name and nation") is not None:
        name = check.text(data["council"], "name", ("council",))
        nation = check.choice(data["council"], "nation", ("council",), Nation.values)

    glossary = with_glossary
    if data.get("glossary") not in (None, False):
        if data["glossary"] == GLOSSARY_DEFAULT or data["glossary"] is True:
            glossary = True
        else:
            check.add(("glossary",), f'"{data["glossary"]}" is not "{GLOSSARY_DEFAULT}"')

    wards = _check_wards(check, data, nation)
    directorates = _check_directorates(check, data)
    departments = _check_departments(check, data)
    if "directorates" in data:
        # Listed, the directorates are the ones departments may name: a typo is caught.
        _check_department_directorates(
            check, departments, {d["name"] for d in directorates} | known.directorates
        )
    users = _check_users(check, data)

    ward_names = {w["name"] for w in wards} | known.wards
    department_names = {d["name"] for d in departments} | known.departments
    if glossary:
        department_names |= set(glossary_departments)
    # username -> role; None where the file's role is wrong (already reported).
    roles = {**known.users, **{u["username"]: u["role"] for u in users}}

    services = _check_services(check, data, department_names)
    _check_user_references(check, users, ward_names, department_names, roles)
    _check_heads(check, departments, users, roles)

    if check.problems:
        raise CouncilFileError(sorted(check.problems, key=lambda p: p.order))
    # Without a name or nation there was a problem, raised just above.
    assert name is not None and nation is not None
    return CouncilSpec(
        name=name,
        nation=nation,
        wards=wards,
        directorates=directorates,
        departments=departments,
        services=services,
        users=users,
        glossary=glossary,
    )


def _check_wards(check, data, nation):
    wards, seen = [], {}
    for i, item in enumerate(check.sequence(data.get("wards"), ("wards",))):
        path = ("wards", i)
        if check.mapping(item, path, WARD_KEYS, "name and gss_code") is None:
            continue
        name = check.text(item, "name", path)
        code = (check.text(item, "gss_code", path, required=False, max_length=9) or "").upper()
        if code and not GSS_CODE.match(code):
            check.add((*path, "gss_code"), f'"{code}" is not an ONS GSS code like E05012345')
        elif code and nation and code[0] != GSS_NATION_LETTER[nation]:
            check.add(
                (*path, "gss_code"),
                f'"{code}" is not a code for {Nation(nation).label} '
                f"(those start {GSS_NATION_LETTER[nation]})",
            )
        if name is None:
            continue
        if name in seen:
            check.add((*path, "name"), f'"{name}" is also wards[{seen[name]}]')
            continue
        seen[name] = i
        ward = {"name": name, "index": i}
        if "gss_code" in item:
            ward["gss_code"] = code
        wards.append(ward)
    return wards


def _check_directorates(check, data):
    directorates, seen = [], {}
    for i, item in enumerate(check.sequence(data.get("directorates"), ("directorates",))):
        path = ("directorates", i)
        if check.mapping(item, path, DIRECTORATE_KEYS, "name") is None:
            continue
        name = check.text(item, "name", path)
        if name is None:
            continue
        if name in seen:
            check.add((*path, "name"), f'"{name}" is also directorates[{seen[name]}]')
            continue
        seen[name] = i
        directorates.append({"name": name, "index": i})
    return directorates


def _check_department_directorates(check, departments, directorate_names):
    for department in departments:
        name = department.get("directorate")
        if name and name not in directorate_names:
            check.add(
                ("departments", department["index"], "directorate"),
                f'no directorate "{name}" in directorates',
            )


def _check_departments(check, data):
    departments, seen = [], {}
    for i, item in enumerate(check.sequence(data.get("departments"), ("departments",))):
        path = ("departments", i)
        if check.mapping(item, path, DEPARTMENT_KEYS, "name, head and directorate") is None:
            continue
        name = check.text(item, "name", path)
        head = check.text(item, "head", path, required=False, max_length=USERNAME_MAX) or None
        directorate = check.text(item, "directorate", path, required=False, max_length=200)
        if name is None:
            continue
        if name in seen:
            check.add((*path, "name"), f'"{name}" is also departments[{seen[name]}]')
            continue
        seen[name] = i
        department = {"name": name, "head": head, "index": i}
        department["head_given"] = "head" in item
        if "directorate" in item:
            department["directorate"] = directorate or ""
        departments.append(department)
    return departments


def _check_services(check, data, department_names):
    services, seen = [], {}
    for i, item in enumerate(check.sequence(data.get("services"), ("services",))):
        path = ("services", i)
        if check.mapping(item, path, SERVICE_KEYS, "name and department") is None:
            continue
        name = check.text(item, "name", path)
        department = check.text(item, "department", path)
        if department is not None and department not in department_names:
            check.add((*path, "department"), f'no department "{department}" in departments')
            continue
        if name is None or department is None:
            continue
        if (department, name) in seen:
            check.add(
                (*path, "name"),
                f'"{name}" in {department} is also services[{seen[(department, name)]}]',
            )
            continue
        seen[(department, name)] = i
        services.append({"name": name, "department": department, "index": i})
    return services


def _check_users(check, data):
    users, seen = [], {}
    username_validator = UnicodeUsernameValidator()
    for i, item in enumerate(check.sequence(data.get("users"), ("users",))):
        path = ("users", i)
        if check.mapping(item, path, USER_KEYS, "username, name, email, role ...") is None:
            continue
        username = check.text(item, "username", path, max_length=USERNAME_MAX)
        if username is not None:
            try:
                username_validator(username)
            except ValidationError:
                check.add(
                    (*path, "username"),
                    f'"{username}" may use only letters, digits and @ . + - _',
                )
                username = None
        name = check.text(item, "name", path)
        email = check.text(item, "email", path, max_length=EMAIL_MAX)
        if email is not None:
            try:
                validate_email(email)
            except ValidationError:
                check.add((*path, "email"), f'"{email}" is not an email address')
        role = check.choice(item, "role", path, Role.values)
        ward = check.text(item, "ward", path, required=False) or None
        department = check.text(item, "department", path, required=False) or None
        acts_for = []
        for j, other in enumerate(check.sequence(item.get("acts_for"), (*path, "acts_for"))):
            if not isinstance(other, str) or not other.strip():
                check.add((*path, "acts_for", j), "should be a username")
            else:
                acts_for.append((j, other.strip()))
        if username is None:
            continue
        if username in seen:
            check.add((*path, "username"), f'"{username}" is also users[{seen[username]}]')
            continue
        seen[username] = i
        user = {"username": username, "name": name, "email": email, "role": role, "index": i}
        # Optional keys left out leave the current value alone; only given keys are applied.
        for key, value in (("ward", ward), ("department", department), ("acts_for", acts_for)):
            if key in item:
                user[key] = value
        users.append(user)
    return users


def _check_user_references(check, users, ward_names, department_names, roles):
    for user in users:
        path = ("users", user["index"])
        if user.get("ward") and user["ward"] not in ward_names:
            check.add((*path, "ward"), f'no ward "{user["ward"]}" in wards')
        if user.get("department") and user["department"] not in department_names:
            check.add((*path, "department"), f'no department "{user["department"]}" in departments')
        if user.get("acts_for") and user["role"] and user["role"] != Role.CASEWORKER:
            check.add((*path, "acts_for"), "only caseworkers act for councillors")
        for j, other in user.get("acts_for", ()):
            here = (*path, "acts_for", j)
            if other not in roles:
                check.add(here, f'no user "{other}" in users')
            elif roles[other] and roles[other] != Role.COUNCILLOR:
                check.add(here, f'"{other}" is not a councillor')
        if user["role"] == Role.OFFICER and not user.get("department"):
            check.add((*path, "department"), "is required for an officer")


def _check_heads(check, departments, users, roles):
    by_username = {u["username"]: u for u in users}
    heads = set()
    for department in departments:
        head = department["head"]
        if head is None:
            continue
        path = ("departments", department["index"], "head")
        if head not in roles:
            check.add(path, f'no user "{head}" in users')
        elif roles[head] and roles[head] != Role.HEAD_OF_SERVICE:
            check.add(path, f'"{head}" is not a head of service (role: {roles[head]})')
        heads.add(head)
    # A head of service without a department of their own must head one in the file, and a
    # department without a named head may have only one head of service to take it.
    named = {d["name"] for d in departments if d["head"]}
    claimants = {}
    for user in by_username.values():
        if user["role"] == Role.HEAD_OF_SERVICE and user.get("department"):
            claimants.setdefault(user["department"], []).append(user)
    for name, claiming in claimants.items():
        if name not in named and len(claiming) > 1:
            check.add(
                ("users", claiming[1]["index"], "department"),
                f"{', '.join(u['username'] for u in claiming)} are all heads of service in "
                f'"{name}": name one as its head in departments',
            )
    for username, user in by_username.items():
        if (
            user["role"] == Role.HEAD_OF_SERVICE
            and not user.get("department")
            and username not in heads
        ):
            check.add(
                ("users", user["index"], "department"),
                "is required for a head of service who heads no department in departments",
            )
