"""The authentication backend for a council-account (OpenID Connect) sign-in.

mozilla-django-oidc exchanges the code (with the PKCE verifier), checks the ID token's
RS256 signature against the provider's published keys, its expiry and its nonce; this
subclass also checks the issuer and audience, reads its settings lazily (the backend is
built on every request, and must cost nothing while OIDC is off), and finds the user by
Wardcase's rule in wardcase.accounts.oidc instead of creating one.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from wardcase.accounts.oidc import (
    SignInRefused,
    council_account_user,
    oidc_enabled,
    oidc_setting,
    record_refusal,
)

# Set on the request when a valid token opens no account, for the callback's page.
REFUSAL_ATTRIBUTE = "wardcase_oidc_refusal"


def _lazy(name):
    return property(lambda self: self.get_settings(name, None))


class CouncilAccountBackend(OIDCAuthenticationBackend):
    OIDC_OP_TOKEN_ENDPOINT = _lazy("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _lazy("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _lazy("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _lazy("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _lazy("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = _lazy("OIDC_RP_SIGN_ALGO")
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        # Not the parent's: it reads (here: discovers) every endpoint up front.
        self.UserModel = get_user_model()

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, **kwargs):
        # Only the callback view calls with a nonce; a password sign-in never reaches here.
        if not oidc_enabled() or "nonce" not in kwargs or request is None:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if str(payload.get("iss", "")).rstrip("/") != settings.WARDCASE_OIDC_ISSUER:
            raise SuspiciousOperation("The ID token was issued by another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.WARDCASE_OIDC_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another application.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The user the signed ID token's claims name, or None with the refusal recorded.

        The ID token, not the userinfo endpoint: it is signed, and Entra ID's `oid` is
        only in it.
        """
        try:
            return council_account_user(claims=payload)
        except SignInRefused as refusal:
            record_refusal(reason=refusal.reason, claims=payload, user=refusal.user)
            setattr(self.request, REFUSAL_ATTRIBUTE, refusal.reason)
            return None

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
