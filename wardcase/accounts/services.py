"""Writes to accounts."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from wardcase.accounts.invitations import invitation_send
from wardcase.accounts.models import Role, User
from wardcase.accounts.permissions import can_manage_users
from wardcase.accounts.sessions import user_deactivate, user_sessions_end
from wardcase.audit.services import audit_record
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.directory.council_file import CouncilFile, CouncilFileError, Known, check_council_data
from wardcase.directory.models import Council


@transaction.atomic
def api_token_issue(*, user, rotate=False):
    """The user's API token, made if they have none; `rotate` replaces it with a new one.

    Returns (token, created). The token acts with the user's own permissions, so it is
    only issued to active users. Issuing, rotating and showing a token are audited.
    """
    if not user.is_active:
        raise ServiceError(
            _("%(username)s is not active: reactivate the account before issuing a token.")
            % {"username": user.username}
        )
    if rotate:
        Token.objects.filter(user=user).delete()
    token, created = Token.objects.get_or_create(user=user)
    action = (
        "api_token.rotated" if rotate else ("api_token.issued" if created else "api_token.shown")
    )
    audit_record(actor=None, action=action, obj=user)
    return token, created


# --- People: administrators run the council's users (the users pages and commands) -------


class UserDetailsError(ServiceError):
    """Details of a user that break a rule; `problems` maps each field to its message."""

    def __init__(self, problems):
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


def _require_user_admin(by):
    """Commands act as the installation (by=None); a person must be allowed to."""
    if by is not None and not can_manage_users(by):
        raise ActionNotAllowed(_("Only administrators manage users."))


def user_details_check(*, username, name, email, role, ward=None, department=None, acts_for=()):
    """Check a user's details with the same rules `load_council` applies to a council
    file's users (username characters, email, role, officer's department and so on).

    Raises UserDetailsError naming each field with a problem.
    """
    council = Council.objects.first()
    item = {"username": username, "name": name, "email": email, "role": role}
    item["ward"] = ward.name if ward else None
    item["department"] = department.name if department else None
    if acts_for:
        item["acts_for"] = [councillor.username for councillor in acts_for]
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
        problems = {}
        for problem in exc.problems:
            key = problem.path.split(".")[1].split("[")[0] if "." in problem.path else "username"
            message = problem.message
            if message.startswith(("is ", "must ", "should ")):
                message = f"{FIELD_LABELS.get(key, key.title())} {message}"
            problems.setdefault(key, message[0].upper() + message[1:])
        raise UserDetailsError(problems) from exc


def _role_fields(*, role, ward, department, acts_for):
    """What a role keeps: only a councillor has a ward, only an officer or head of service a
    department, only a caseworker councillors to act for."""
    return {
        "ward": ward if role == Role.COUNCILLOR else None,
        "department": department if role in (Role.OFFICER, Role.HEAD_OF_SERVICE) else None,
        "acts_for": list(acts_for) if role == Role.CASEWORKER else [],
    }


@transaction.atomic
def user_invite(
    *, by, username, name, email, role, ward=None, department=None, acts_for=(), send=True
):
    """Create a user with no usable password and send them an invitation.

    Returns (user, SentInvitation). `by` is the administrator, or None for a command.
    """
    _require_user_admin(by)
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


def _active_administrators():
    return User.objects.filter(role=Role.ADMINISTRATOR, is_active=True)


def _refuse_if_last_administrator(user, what):
    if (
        user.role == Role.ADMINISTRATOR
        and user.is_active
        and not _active_administrators().exclude(pk=user.pk).exists()
    ):
        raise ActionNotAllowed(
            _(
                "%(name)s is the only active administrator, so they cannot be %(what)s. "
                "Invite another administrator first."
            )
            % {"name": user, "what": what}
        )


@transaction.atomic
def user_role_change(*, by, user, role, ward=None, department=None, acts_for=()):
    """Change a user's role, and the ward, department or councillors the role needs."""
    _require_user_admin(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if role != Role.ADMINISTRATOR:
        _refuse_if_last_administrator(user, _("given another role"))
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
    after = {"role": role, "ward": str(user.ward or ""), "department": str(user.department or "")}
    if role != Role.HEAD_OF_SERVICE:
        # A department's head is a head of service (load_council holds files to the same
        # rule); escalations for those departments wait for a new head to be named.
        headed = list(user.headed_departments.all())
        user.headed_departments.update(head=None)
        after["no_longer_heads"] = [department.name for department in headed]
    audit_record(actor=by, action="user.role_changed", obj=user, before=before, after=after)
    return user


@transaction.atomic
def user_switch_off(*, by, user):
    """Switch an account off: it cannot sign in and its sessions end at once."""
    _require_user_admin(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    _refuse_if_last_administrator(user, _("switched off"))
    return user_deactivate(user=user, by=by)


@transaction.atomic
def user_switch_on(*, by, user):
    """Let a switched-off account sign in again."""
    _require_user_admin(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_record(actor=by, action="user.reactivated", obj=user)
    return user


@transaction.atomic
def user_second_factor_reset(*, by, user):
    """Remove the user's authenticator app and recovery codes and end their sessions: at
    their next sign-in they set up an app again. Returns how many sessions ended."""
    _require_user_admin(by)
    apps = TOTPDevice.objects.filter(user=user).delete()[0]
    codes = StaticDevice.objects.filter(user=user).delete()[0]
    ended = user_sessions_end(user=user)
    audit_record(
        actor=by,
        action="two_factor.reset",
        obj=user,
        devices_removed=apps + codes,
        sessions_ended=ended,
    )
    return ended


@transaction.atomic
def user_unlock(*, by, user):
    """Clear django-axes' record of wrong passwords for the username, from every address,
    so a locked-out user can sign in at once. Returns how many records were cleared."""
    _require_user_admin(by)
    cleared = axes_reset(username=user.username)
    audit_record(actor=by, action="user.unlocked", obj=user, attempts_cleared=cleared)
    return cleared


def user_invitation_resend(*, by, user):
    """Send a new invitation (the earlier link stops working)."""
    _require_user_admin(by)
    return invitation_send(user=user, by=by)


def user_locked_out(*, user):
    """Whether wrong passwords have locked the username out from some address just now."""
    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()
