"""Invitations: a new user's single-use link to set a password and then a second factor.

Why a model and not Django's password-reset tokens: an invitation lasts 72 hours while a
reset link should be short-lived, an administrator re-sending one must cancel the old
link at once, and the users page shows who has been invited and not yet accepted. The
token itself is never stored, only its SHA-256, so it cannot be read back from the
database; it is used once (`used_at`) under a row lock.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Invitation, User
from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError
from wardcase.core.notifications import notify_user

INVITATION_LIFETIME = timedelta(hours=72)


class InvitationInvalid(ServiceError):
    """The link cannot be used; `reason` is "invalid", "used" or "expired"."""

    def __init__(self, message, *, reason):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    link: str
    emailed: bool


def _hash(token):
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def invitation_link(token):
    """The full link to accept an invitation, under the site's address."""
    path = reverse("invitation_accept", kwargs={"token": token})
    return settings.WARDCASE_SITE_URL.rstrip("/") + path


def invitation_check_invitable(*, user):
    """Raise ServiceError if `user` cannot be sent an invitation, saying why."""
    if not user.is_active:
        raise ServiceError(
            _("%(name)s is switched off: switch them back on before inviting them.")
            % {"name": user}
        )
    if user.last_login is not None:
        raise ServiceError(
            _(
                "%(name)s has already signed in. If they have forgotten their password, they "
                "can use “Forgotten your password?” on the sign-in page."
            )
            % {"name": user}
        )


@transaction.atomic
def invitation_send(*, user: User, by: User | None, email: bool = True) -> SentInvitation:
    """Make a new invitation for `user` (cancelling any earlier one) and queue its email.

    Returns a SentInvitation with the link. With `email=False`, or when the user has no
    email address, nothing is sent and the caller hands the link over itself.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    invitation_check_invitable(user=user)
    now = timezone.now()
    user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=_hash(token),
        created_by=by if by is not None and by.is_authenticated else None,
        expires_at=now + INVITATION_LIFETIME,
    )
    link = invitation_link(token)
    emailed = bool(email and user.email)
    if emailed:
        notify_user(
            user=user,
            template="accounts/notices/invitation.txt",
            context={
                "by": by if by is not None and by.is_authenticated else None,
                "link": link,
                "expires_at": invitation.expires_at,
            },
        )
    audit_record(
        actor=by, action="invitation.sent", obj=user, emailed=emailed, invitation=invitation.pk
    )
    return SentInvitation(invitation=invitation, link=link, emailed=emailed)


def invitation_for_token(token, *, lock=False):
    """The invitation this token opens, or InvitationInvalid saying why it cannot be used."""
    rows = Invitation.objects.select_related("user")
    if lock:
        rows = rows.select_for_update()
    invitation = rows.filter(token_hash=_hash(token or "")).first()
    ask = _("Ask your administrator to send you a new invitation.")
    if invitation is None or invitation.revoked_at is not None or not invitation.user.is_active:
        raise InvitationInvalid(
            _("This invitation link is not valid. %(ask)s") % {"ask": ask}, reason="invalid"
        )
    if invitation.used_at is not None:
        raise InvitationInvalid(
            _(
                "This invitation link has already been used. If you set your password, sign "
                "in; otherwise %(ask)s"
            )
            % {"ask": ask[0].lower() + ask[1:]},
            reason="used",
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(
            _("This invitation link has expired. %(ask)s") % {"ask": ask}, reason="expired"
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token, password):
    """Use the invitation: set the user's password (already checked by Django's password
    validators in the form) and mark the link used. Returns the user."""
    invitation = invitation_for_token(token, lock=True)
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record(actor=user, action="invitation.accepted", obj=user, invitation=invitation.pk)
    return user


def invitation_pending(*, user):
    """The user's invitation still waiting to be accepted, if any."""
    return (
        user.invitations.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )
