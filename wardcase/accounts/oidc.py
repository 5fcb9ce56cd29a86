"""Sign-in with the council's account through OpenID Connect (Microsoft Entra ID first).

mozilla-django-oidc runs the authorization code flow (state, nonce, PKCE); this module
holds what is Wardcase's own: whether the feature is on, the provider's endpoints
discovered from its issuer, and the rule that matches a signed ID token to a Wardcase user.

Nobody is created here: roles stay in Wardcase, so an account Wardcase does not know is
refused. A person is recognised by the provider's fixed identifier (Entra ID's `oid`, else
`sub`), stored on the user; the first time, by email, only when exactly one user has it.
"""

import time
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from mozilla_django_oidc.utils import import_from_settings

from wardcase.audit.services import audit_record

# Set in the session at an OIDC sign-in: the provider asked its own second factor.
OIDC_SIGN_IN_SESSION_KEY = "wardcase_oidc_signed_in"

# mozilla-django-oidc's endpoint settings, answered from the discovery document instead.
DISCOVERED_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
CLIENT_SETTINGS = {
    "OIDC_RP_CLIENT_ID": "WARDCASE_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "WARDCASE_OIDC_CLIENT_SECRET",
}

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}  # issuer -> (fetched at, document)


class ProviderUnavailable(Exception):
    """The sign-in service's discovery document could not be read or does not fit."""


class SignInRefused(Exception):
    """A signed, valid ID token that opens no Wardcase account. `reason` names why."""

    def __init__(self, reason, user=None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


def oidc_enabled():
    return bool(settings.WARDCASE_OIDC_ISSUER)


def oidc_only():
    """Passwords are off only while the council account works: never lock everybody out."""
    return oidc_enabled() and settings.WARDCASE_OIDC_ONLY


def oidc_counts_as_second_factor():
    return not settings.WARDCASE_OIDC_REQUIRE_LOCAL_2FA


def provider_metadata():
    """The issuer's discovery document, fetched once and kept for an hour."""
    issuer = settings.WARDCASE_OIDC_ISSUER
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < settings.WARDCASE_OIDC_DISCOVERY_CACHE_SECONDS:
        return cached[1]
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"Discovery failed for {issuer}: {exc}") from exc
    # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one asked.
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer:
        raise ProviderUnavailable(f"The discovery document does not name the issuer {issuer}")
    missing = [key for key in DISCOVERED_SETTINGS.values() if not document.get(key)]
    if missing:
        raise ProviderUnavailable(f"The discovery document lacks {', '.join(missing)}")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def oidc_setting(attr, *default):
    """mozilla-django-oidc's `get_settings`: endpoints from discovery, the client from
    WARDCASE_OIDC_*, everything else from the OIDC_* settings."""
    if attr in DISCOVERED_SETTINGS:
        return provider_metadata()[DISCOVERED_SETTINGS[attr]]
    if attr in CLIENT_SETTINGS:
        return getattr(settings, CLIENT_SETTINGS[attr])
    return import_from_settings(attr, *default)


def claims_subject(claims):
    """Entra ID's object id is the same for the person in every app; `sub` elsewhere."""
    return str(claims.get("oid") or claims.get("sub") or "")


def claims_email(claims):
    """The address to link by at the first sign-in, or "" when the token gives none.

    Entra ID sends `email` only when the account has a mailbox address and the `email`
    scope is asked; `preferred_username` (the user principal name, which the council's
    own directory sets) is used otherwise, then `upn`. A provider saying the address is
    not verified (`email_verified: false`) gives none.
    """
    if claims.get("email_verified") is False:
        return ""
    for claim in ("email", "preferred_username", "upn"):
        value = str(claims.get(claim) or "").strip()
        if "@" in value:
            return value
    return ""


def council_account_user(*, claims):
    """The Wardcase user a verified ID token's claims name; raises SignInRefused.

    By the linked subject first. Otherwise, only if the token has an email address that
    exactly one user has (ignoring case) and that user has no subject linked yet, the
    subject is linked to them. Never by display name; never a new user.
    """
    subject = claims_subject(claims)
    if not subject:
        raise SignInRefused("no_subject")
    user_model = get_user_model()
    user = user_model.objects.filter(oidc_subject=subject).first()
    if user is None:
        user = _link_by_email(subject=subject, email=claims_email(claims))
    if not user.is_active:
        raise SignInRefused("switched_off", user=user)
    return user


@transaction.atomic
def _link_by_email(*, subject, email):
    if not email:
        raise SignInRefused("unknown")
    matches = list(get_user_model().objects.select_for_update().filter(email__iexact=email)[:2])
    if len(matches) != 1:
        raise SignInRefused("unknown" if not matches else "ambiguous_email")
    (user,) = matches
    if user.oidc_subject:
        raise SignInRefused("linked_to_another_account")
    if not user.is_active:
        raise SignInRefused("switched_off", user=user)
    user.oidc_subject = subject
    user.save(update_fields=["oidc_subject"])
    audit_record(actor=user, action="oidc.linked", obj=user, subject=subject, email=email)
    return user


def is_council_account_attempt(request, credentials):
    """For django-axes: the callback's authentication (the only one with a nonce) is not a
    password attempt, so it neither counts towards nor is stopped by a password lockout."""
    return bool(credentials) and "nonce" in credentials


def record_sign_in(*, user):
    audit_record(actor=user, action="oidc.signed_in", obj=user)


def record_refusal(*, reason, claims=None, user=None, error=""):
    """Every refused council-account sign-in is audited, with what the token said or, when
    there was no valid token, what went wrong."""
    claims = claims or {}
    audit_record(
        actor=None,
        action="oidc.refused",
        obj=user,
        reason=reason,
        subject=claims_subject(claims),
        email=claims_email(claims),
        error=error,
    )
