"""People: administrators invite users and change their roles (the users pages and
`createadmin`). Here rather than in accounts because a user's details are checked with
the council file's rules, and a role names a ward or department of the council."""

from collections.abc import Iterable, Mapping
from typing import TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.accounts.invitations import SentInvitation, invitation_send
from wardcase.accounts.models import Role, User
from wardcase.accounts.services import refuse_if_last_administrator, require_user_admin
from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError
from wardcase.core.memo import memo_expire_all
from wardcase.directory.council_file import CouncilFile, CouncilFileError, Known, check_council_data
from wardcase.directory.models import Council, Department
from wardcase.places.models import Ward


class UserDetailsError(ServiceError):
    """Details of a user that break a rule; `problems` maps each field to its message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = problems
        super().__init__(next(iter(problems.values())), field=next(iter(problems)))


FIELD_LABELS = {
    "username": _("Username"),
    "name": _("Full name"),
    "email": _("Email address"),
    "role": _("Role"),
    "ward": _("Ward"),
    "department": _("Department"),
    "acts_for": _("Councillors they act for"),
}


def user_details_check(
    *,
    username: str,
    name: str,
    email: str,
    role: str,
    ward: Ward | None = None,
    department: Department | None = None,
    acts_for: Iterable[User] = (),
) -> None:
    """Check a user's details with the same rules `load_council` applies to a council
    file's users (username characters, email, role, officer's department and so on).

    Raises UserDetailsError naming each field with a problem.
    """
    council = Council.objects.first()
    item: dict[str, object] = {"username": username, "name": name, "email": email, "role": role}
    item["ward"] = ward.name if ward else None
    item["department"] = department.name if department else None
    usernames = [councillor.username for councillor in acts_for]
    if usernames:
        item["acts_for"] = usernames
    data = {
        "council": {
            "name": council.name if council else "Council",
            "nation": council.nation if council else "england",
        },
        "users": [item],
    }
    known = Known(users=dict(User.objects.values_list("username", "role")))
    if council is not None:
        known.wards = set(council.wards.values_list("name", flat=True))
        known.departments = set(council.departments.values_list("name", flat=True))
    try:
        check_council_data(CouncilFile(data=data), known=known)
    except CouncilFileError as exc:
        problems: dict[str, str] = {}
        for problem in exc.problems:
            key = problem.path.split(".")[1].split("[")[0] if "." in problem.path else "username"
            message = problem.message
            if message.startswith(("is ", "must ", "should ")):
                message = f"{FIELD_LABELS.get(key, key.title())} {message}"
            problems.setdefault(key, message[0].upper() + message[1:])
        raise UserDetailsError(problems) from exc


class _RoleFields(TypedDict):
    ward: Ward | None
    department: Department | None
    acts_for: list[User]


def _role_fields(
    *, role: str, ward: Ward | None, department: Department | None, acts_for: Iterable[User]
) -> _RoleFields:
    """What a role keeps: only a councillor has a ward, only an officer or head of service a
    department, only a caseworker councillors to act for."""
    return {
        "ward": ward if role == Role.COUNCILLOR else None,
        "department": department if role in (Role.OFFICER, Role.HEAD_OF_SERVICE) else None,
        "acts_for": list(acts_for) if role == Role.CASEWORKER else [],
    }


@transaction.atomic
def user_invite(
    *,
    by: User | None,
    username: str,
    name: str,
    email: str,
    role: str,
    ward: Ward | None = None,
    department: Department | None = None,
    acts_for: Iterable[User] = (),
    send: bool = True,
) -> tuple[User, SentInvitation]:
    """Create a user with no usable password and send them an invitation.

    Returns (user, SentInvitation). `by` is the administrator, or None for a command.
    """
    require_user_admin(by=by)
    acts_for = list(acts_for)  # read twice: checked, then set
    username, name, email = username.strip(), name.strip(), email.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise UserDetailsError({"username": _("A user with this username already exists")})
    user_details_check(
        username=username,
        name=name,
        email=email,
        role=role,
        ward=ward,
        department=department,
        acts_for=acts_for,
    )
    fields = _role_fields(role=role, ward=ward, department=department, acts_for=acts_for)
    user = User(
        username=username,
        name=name,
        email=email,
        role=role,
        ward=fields["ward"],
        department=fields["department"],
        is_staff=role == Role.ADMINISTRATOR,
    )
    user.set_unusable_password()
    user.save()
    user.acts_for.set(fields["acts_for"])
    audit_record(actor=by, action="user.created", obj=user, username=username, role=role)
    sent = invitation_send(user=user, by=by, email=send)
    return user, sent


@transaction.atomic
def user_role_change(
    *,
    by: User | None,
    user: User,
    role: str,
    ward: Ward | None = None,
    department: Department | None = None,
    acts_for: Iterable[User] = (),
) -> User:
    """Change a user's role, and the ward, department or councillors the role needs."""
    require_user_admin(by=by)
    acts_for = list(acts_for)  # read twice: checked, then set
    user = User.objects.select_for_update().get(pk=user.pk)
    if role != Role.ADMINISTRATOR:
        refuse_if_last_administrator(user=user, what=_("given another role"))
    user_details_check(
        username=user.username,
        name=user.name,
        email=user.email,
        role=role,
        ward=ward,
        department=department,
        acts_for=acts_for,
    )
    fields = _role_fields(role=role, ward=ward, department=department, acts_for=acts_for)
    before = {
        "role": user.role,
        "ward": str(user.ward or ""),
        "department": str(user.department or ""),
    }
    user.role = role
    user.ward = fields["ward"]
    user.department = fields["department"]
    user.is_staff = role == Role.ADMINISTRATOR or user.is_superuser
    user.save(update_fields=["role", "ward", "department", "is_staff"])
    user.acts_for.set(fields["acts_for"])
    memo_expire_all()  # the rules' grants were read for the old role
    after: dict[str, object] = {
        "role": role,
        "ward": str(user.ward or ""),
        "department": str(user.department or ""),
    }
    if role != Role.HEAD_OF_SERVICE:
        # A department's head is a head of service (load_council holds files to the same
        # rule); escalations for those departments wait for a new head to be named.
        headed = list(user.headed_departments.all())
        user.headed_departments.update(head=None)
        after["no_longer_heads"] = [department.name for department in headed]
    audit_record(actor=by, action="user.role_changed", obj=user, before=before, after=after)
    return user
