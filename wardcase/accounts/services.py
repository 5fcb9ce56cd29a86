"""Writes to accounts."""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError


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
