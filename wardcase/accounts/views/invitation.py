"""Accepting an invitation: set a password, then straight on to the second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wardcase.accounts.invitations import (
    InvitationInvalid,
    invitation_accept,
    invitation_for_token,
)
from wardcase.accounts.oidc import oidc_only
from wardcase.accounts.password_forms import NewPasswordForm
from wardcase.core.access import public

INVALID_STATUS = {"invalid": 404, "used": 410, "expired": 410}


def _unusable(request, exc):
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": exc.reason, "message": exc.message},
        status=INVALID_STATUS[exc.reason],
    )


@public
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    """Set your password. The link itself is the proof of who you are, once."""
    try:
        invitation = invitation_for_token(token)
    except InvitationInvalid as exc:
        return _unusable(request, exc)
    if oidc_only():
        # No passwords: the invited person signs in with their council account instead.
        status = 403 if request.method == "POST" else 200
        return render(
            request,
            "accounts/oidc_passwords_off.html",
            {"invited": invitation.user},
            status=status,
        )
    form = NewPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationInvalid as exc:  # used in another tab a moment ago
            return _unusable(request, exc)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if settings.WARDCASE_REQUIRE_2FA:
            return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': '/'})}")
        return redirect("/")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invited": invitation.user},
        status=status,
    )
