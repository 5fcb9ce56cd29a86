"""Signing in and out, with GOV.UK wording."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
    template_name = "accounts/login.html"
    form_class = SignInForm

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
