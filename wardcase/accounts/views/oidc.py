"""Signing in with the council's account, and signing out of both Wardcase and it."""

from functools import wraps
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from wardcase.accounts.oidc import (
    OIDC_SIGN_IN_SESSION_KEY,
    ProviderUnavailable,
    oidc_counts_as_second_factor,
    oidc_enabled,
    oidc_only,
    oidc_setting,
    provider_metadata,
    record_refusal,
    record_sign_in,
)
from wardcase.accounts.oidc_backend import REFUSAL_ATTRIBUTE

# The refusal page's wording and status for each reason a sign-in stopped.
NOT_SET_UP = "not_set_up"
SWITCHED_OFF = "switched_off"
DID_NOT_COMPLETE = "did_not_complete"
PAGE_FOR_REASON = {
    "unknown": (NOT_SET_UP, 403),
    "ambiguous_email": (NOT_SET_UP, 403),
    "linked_to_another_account": (NOT_SET_UP, 403),
    "no_subject": (NOT_SET_UP, 403),
    "switched_off": (SWITCHED_OFF, 403),
}


def _refusal_page(request, reason):
    page, status = PAGE_FOR_REASON.get(reason, (DID_NOT_COMPLETE, 400))
    return render(request, "accounts/oidc_refused.html", {"page": page}, status=status)


def _unavailable_page(request):
    return render(request, "accounts/oidc_unavailable.html", status=503)


class CouncilAccountSignIn(OIDCAuthenticationRequestView):
    """Off to the council's sign-in service, with state, nonce and a PKCE challenge."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Not the parent's: it reads the endpoint before the view knows OIDC is on.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            return _unavailable_page(request)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CouncilAccountCallback(OIDCAuthenticationCallbackView):
    """Back from the sign-in service: a signed-in Wardcase user, or a page saying why not."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except ProviderUnavailable:
            return _unavailable_page(request)
        except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as exc:
            # A wrong state or nonce, a refused code or verifier, a bad signature.
            record_refusal(reason="did_not_complete", error=type(exc).__name__)
            return _refusal_page(request, "did_not_complete")

    def login_success(self):
        response = super().login_success()
        record_sign_in(user=self.user)
        if oidc_counts_as_second_factor():
            self.request.session[OIDC_SIGN_IN_SESSION_KEY] = True
            return response
        if settings.WARDCASE_REQUIRE_2FA:
            query = urlencode({"next": response.url})
            return HttpResponseRedirect(f"{reverse('two_factor')}?{query}")
        return response

    def login_failure(self):
        reason = getattr(self.request, REFUSAL_ATTRIBUTE, None)
        if reason is None:
            # Cancelled or failed at the provider, or no sign-in was started here.
            error = self.request.GET.get("error", "no_sign_in_started")[:100]
            record_refusal(reason="did_not_complete", error=error)
        return _refusal_page(self.request, reason or "did_not_complete")


def passwords_on_only(view):
    """With WARDCASE_OIDC_ONLY, a password page says to use the council account instead."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if oidc_only():
            return render(request, "accounts/oidc_passwords_off.html", status=404)
        return view(request, *args, **kwargs)

    return wrapper


class SignOutView(auth_views.LogoutView):
    """Ends the Wardcase session and, after a council-account sign-in, the provider's too
    when it publishes an `end_session_endpoint` (OpenID Connect RP-Initiated Logout)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        end_session = _end_session_endpoint() if id_token else None
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
                "client_id": settings.WARDCASE_OIDC_CLIENT_ID,
            }
        )
        return HttpResponseRedirect(f"{end_session}?{query}")


def _end_session_endpoint():
    if not oidc_enabled():
        return None
    try:
        return provider_metadata().get("end_session_endpoint")
    except ProviderUnavailable:
        return None


council_account_sign_in = never_cache(CouncilAccountSignIn.as_view())
council_account_callback = never_cache(CouncilAccountCallback.as_view())
