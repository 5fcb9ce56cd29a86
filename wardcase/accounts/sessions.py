"""Ending a user's sessions, and switching an account off (which ends them)."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from wardcase.accounts.models import User
from wardcase.audit.services import audit_record

# Django's session key for the signed-in user's id (django.contrib.auth.SESSION_KEY).
USER_ID_SESSION_KEY = "_auth_user_id"


def user_sessions_end(*, user: User) -> int:
    """Delete every unexpired session signed in as `user`; returns how many.

    Sessions are stored encoded, so each live one is decoded; this runs only when an
    account is switched off, over the live sessions of one council.
    """
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(USER_ID_SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@transaction.atomic
def user_deactivate(*, user: User, by: User | None) -> int:
    """Switch an account off: it cannot sign in, and every session it has ends at once."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    audit_record(actor=by, action="user.deactivated", obj=user, sessions_ended=ended)
    return ended
