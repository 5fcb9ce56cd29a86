"""Writes to accounts."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from wardcase.accounts.invitations import SentInvitation, invitation_send
from wardcase.accounts.models import Role, User
from wardcase.accounts.permissions import can_manage_users
from wardcase.accounts.sessions import user_deactivate, user_sessions_end
from wardcase.audit.services import audit_record
from wardcase.core.errors import ActionNotAllowed, ServiceError


@transaction.atomic
def api_token_issue(*, user: User, rotate: bool = False) -> tuple[Token, bool]:
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


# --- People: administrators run the council's users (inviting and changing roles, which
# need the council's wards and departments, is directory.services.people) ---------------


def require_user_admin(*, by: User | None) -> None:
    """Refuses unless `by` may manage users. Commands act as the installation (by=None);
    a person must be allowed to."""
    if by is not None and not can_manage_users(by):
        raise ActionNotAllowed(_("Only administrators manage users."))


def _active_administrators() -> QuerySet[User]:
    return User.objects.filter(role=Role.ADMINISTRATOR, is_active=True)


def refuse_if_last_administrator(*, user: User, what: str) -> None:
    """Refuses to leave the council without an active administrator."""
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
def user_switch_off(*, by: User | None, user: User) -> int:
    """Switch an account off: it cannot sign in and its sessions end at once."""
    require_user_admin(by=by)
    user = User.objects.select_for_update().get(pk=user.pk)
    refuse_if_last_administrator(user=user, what=_("switched off"))
    return user_deactivate(user=user, by=by)


@transaction.atomic
def user_switch_on(*, by: User | None, user: User) -> User:
    """Let a switched-off account sign in again."""
    require_user_admin(by=by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_record(actor=by, action="user.reactivated", obj=user)
    return user


@transaction.atomic
def user_second_factor_reset(*, by: User | None, user: User) -> int:
    """Remove the user's authenticator app and recovery codes and end their sessions: at
    their next sign-in they set up an app again. Returns how many sessions ended."""
    require_user_admin(by=by)
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
def user_unlock(*, by: User | None, user: User) -> int:
    """Clear django-axes' record of wrong passwords for the username, from every address,
    so a locked-out user can sign in at once. Returns how many records were cleared."""
    require_user_admin(by=by)
    # django-axes is untyped: its reset returns the number of records it deleted.
    cleared: int = axes_reset(username=user.username)
    audit_record(actor=by, action="user.unlocked", obj=user, attempts_cleared=cleared)
    return cleared


def user_invitation_resend(*, by: User | None, user: User) -> SentInvitation:
    """Send a new invitation (the earlier link stops working)."""
    require_user_admin(by=by)
    return invitation_send(user=user, by=by)


def user_locked_out(*, user: User) -> bool:
    """Whether wrong passwords have locked the username out from some address just now."""
    return bool(
        AccessAttempt.objects.filter(
            username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).exists()
    )
