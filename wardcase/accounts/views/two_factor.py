"""The sign-in steps after the password: set up an authenticator app, or enter a code.
Also where a signed-in user replaces their recovery codes."""

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from wardcase.accounts import two_factor
from wardcase.core.access import second_factor_step, signed_in
from wardcase.core.errors import ServiceError


class CodeForm(forms.Form):
    """One code: from the authenticator app or, when verifying, a recovery code."""

    use_required_attribute = False

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        error_messages={"required": gettext_lazy("Enter the code from your authenticator app")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
    )

    def __init__(self, *args, hint="", **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _page(request, template, **context):
    context.setdefault("next", _next_url(request))
    return render(request, template, context)


@second_factor_step
@require_http_methods(["GET", "POST"])
def second_factor_enter(request):
    """Enter a code from the app (or a recovery code); first time, go to set-up instead."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_second_factor(user=request.user):
        return redirect(f"{_setup_path()}?{request.GET.urlencode()}")
    hint = _("Enter the 6-digit code your authenticator app shows, or one of your recovery codes.")
    form = CodeForm(request.POST or None, hint=hint)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.second_factor_verify(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ServiceError as exc:
            form.add_error("code", exc.message)
        else:
            otp_login(request, device)
            request.user.is_verified = lambda: True
            if device.name == two_factor.RECOVERY_DEVICE_NAME:
                left = two_factor.recovery_codes_left(user=request.user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code. You have %(left)s left: "
                        "make new ones from Recovery codes."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    return _page(request, "accounts/two_factor_verify.html", form=form)


@second_factor_step
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """First sign-in: scan a QR code (or type the key), confirm with a code, get recovery codes."""
    if two_factor.has_second_factor(user=request.user):
        return redirect(f"{_verify_path()}?{request.GET.urlencode()}")
    device = two_factor.totp_device_pending(user=request.user)
    form = CodeForm(
        request.POST or None, hint=_("The 6-digit code your app shows after you add Wardcase.")
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes, device = two_factor.totp_enrol_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
        except ServiceError as exc:
            form.add_error("code", exc.message)
        else:
            otp_login(request, device)
            return _page(request, "accounts/recovery_codes_new.html", codes=codes, first=True)
    qr = segno.make(device.config_url, error="m")
    # segno writes the SVG itself and escapes the title; nothing in it comes from a user.
    svg = qr.svg_inline(scale=5, title=_("QR code to add Wardcase to your app"))
    return _page(
        request,
        "accounts/two_factor_setup.html",
        form=form,
        qr_svg=mark_safe(svg),  # noqa: S308
        secret=two_factor.totp_secret_for_display(device),
    )


@signed_in()
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """How many recovery codes are left; POST replaces them all and shows the new ones once."""
    if request.method == "POST":
        codes = two_factor.recovery_codes_regenerate(user=request.user)
        return _page(request, "accounts/recovery_codes_new.html", codes=codes, first=False)
    left = two_factor.recovery_codes_left(user=request.user)
    return _page(request, "accounts/recovery_codes.html", left=left)


def _setup_path():
    return reverse("two_factor_setup")


def _verify_path():
    return reverse("two_factor")
