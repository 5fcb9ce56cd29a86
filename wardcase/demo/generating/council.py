"""The generated council: the demo council grown to the size asked for, and its staff.

The demo council file (Brackenford) is the start; more wards, councillors, caseworkers
and officers are added to its data and the whole is loaded through `council_load`, the
same service and checks as any council file, so the people are real users in every role.
New users share the demo password, hashed once.
"""

import copy
import math
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from wardcase.accounts.models import Role, User
from wardcase.demo.generating.words import STREET_STEMS
from wardcase.demo.seeding import DEMO_COUNCIL_PATH, DEMO_PASSWORD
from wardcase.demo.texts import demo_texts
from wardcase.directory.council_file import read_council_file
from wardcase.directory.models import Council, Service
from wardcase.directory.services import council_load

WARD_KINDS = ("Green", "Park", "Vale", "Hill", "Central", "North", "South", "Moor", "Fields")
COUNCILLORS_PER_WARD = 3


def default_councillors(cases):
    """A council's size grows with its caseload: 9 for the demo, 90 for a million cases."""
    return max(9, min(90, cases // 10_000))


def officers_per_department(cases):
    return max(2, min(40, math.ceil(cases / 25_000)))


def council_data(*, councillors, cases, seed):
    """The demo council file's data with wards, councillors, caseworkers and officers added
    up to `councillors` councillors (three a ward) and officers for `cases` cases."""
    data = copy.deepcopy(read_council_file(DEMO_COUNCIL_PATH).data)
    rng = random.Random(f"{seed}-council")
    texts = demo_texts()
    users = data["users"]
    taken = {u["username"] for u in users}

    def person(prefix, role, number, **extra):
        first, last = rng.choice(texts.first_names), rng.choice(texts.surnames)
        username = f"{prefix}{number:03d}"
        if username in taken:  # pragma: no cover - the demo file uses other names
            raise ValueError(username)
        taken.add(username)
        users.append(
            {
                "username": username,
                "name": f"{first} {last}",
                "email": f"{username}@brackenford.example",
                "role": role,
                **extra,
            }
        )
        return username

    have = sum(1 for u in users if u["role"] == Role.COUNCILLOR)
    wards = [w["name"] for w in data["wards"]]
    names = iter(f"{stem} {kind}" for kind in WARD_KINDS for stem in STREET_STEMS)
    number = 0
    while have < councillors:
        ward = next(names)
        data["wards"].append({"name": ward, "gss_code": f"E05{90000 + len(wards):06d}"})
        wards.append(ward)
        members = []
        for _ in range(min(COUNCILLORS_PER_WARD, councillors - have)):
            number += 1
            have += 1
            members.append(person("cllr.gen", Role.COUNCILLOR, number, ward=ward))
        person("caseworker.gen", Role.CASEWORKER, len(wards), acts_for=members)

    per_department = officers_per_department(cases)
    for index, department in enumerate(data["departments"]):
        have = sum(1 for u in users if u.get("department") == department["name"])
        for n in range(have, per_department + 1):  # the head is one of `have`
            person(f"officer.gen{index}.", Role.OFFICER, n, department=department["name"])
    return data


@dataclass
class Staff:
    """The council's people and services, as the case generator draws on them."""

    council: Council
    councillors: list
    caseworkers_for: dict  # councillor pk -> [caseworker]
    coordinators: list
    officers: dict  # department pk -> [officer]
    heads: dict  # department pk -> head
    services: list  # (service, department, directorate id, texts)
    ward_colleagues: dict = field(default_factory=dict)  # councillor pk -> [councillor]


def council_build(*, councillors, cases, seed):
    """Load the grown council (idempotent) and return its staff."""
    data = council_data(councillors=councillors, cases=cases, seed=seed)
    council_load(data=data, glossary=True)
    usernames = [u["username"] for u in data["users"]]
    User.objects.filter(username__in=usernames, password__startswith="!").update(
        password=make_password(DEMO_PASSWORD)
    )
    return staff_read(Council.objects.get(name=data["council"]["name"]))


def staff_read(council):
    texts = demo_texts()
    users = list(User.objects.filter(is_active=True).select_related("ward", "department"))
    staff = Staff(
        council=council,
        councillors=[u for u in users if u.role == Role.COUNCILLOR and u.ward_id],
        caseworkers_for={},
        coordinators=[u for u in users if u.role == Role.COORDINATOR],
        officers={},
        heads={},
        services=[],
    )
    staff.councillors.sort(key=lambda u: u.username)
    by_pk = {u.pk: u for u in users}
    through = User.acts_for.through
    for caseworker_id, councillor_id in through.objects.order_by("pk").values_list(
        "from_user_id", "to_user_id"
    ):
        if caseworker_id in by_pk:
            staff.caseworkers_for.setdefault(councillor_id, []).append(by_pk[caseworker_id])
    for user in sorted(users, key=lambda u: u.username):
        if user.role == Role.OFFICER and user.department_id:
            staff.officers.setdefault(user.department_id, []).append(user)
        elif user.role == Role.HEAD_OF_SERVICE and user.department_id:
            staff.heads[user.department_id] = user
    for councillor in staff.councillors:
        staff.ward_colleagues[councillor.pk] = [
            c for c in staff.councillors if c.ward_id == councillor.ward_id and c != councillor
        ]
    services = Service.objects.filter(
        department__council=council, active=True, department__active=True
    ).select_related("department")
    for service in services.order_by("pk"):
        if service.department_id in staff.officers and service.name in texts.case_texts:
            staff.services.append(service)
    if not staff.councillors or not staff.coordinators or not staff.services:
        raise ValueError("The council needs councillors, a coordinator and officers.")
    return staff
