"""Signing in and out, with GOV.UK wording."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.oidc import oidc_enabled, oidc_only


class SignInForm(AuthenticationForm):
    use_required_attribute = False

    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("This account has been switched off. Ask your council's member services."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.fields["username"].widget.attrs["spellcheck"] = "false"
        # Autofocus would skip the skip link and surprise screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class SignInView(auth_views.LoginView):
    """The password form, and the council-account button when OpenID Connect is on; with
    WARDCASE_OIDC_ONLY the button alone, and a password sent anyway is refused."""

    template_name = "accounts/login.html"
    form_class = SignInForm

    def post(self, request, *args, **kwargs):
        if oidc_only():
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        context["passwords_on"] = not oidc_only()
        return context

    def get_success_url(self):
        # After the password, the second factor; the page asked for comes after both.
        url = super().get_success_url()
        if settings.WARDCASE_REQUIRE_2FA:
            return f"{reverse('two_factor')}?{urlencode({'next': url})}"
        return url


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page: too many wrong passwords for one username from one address."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
