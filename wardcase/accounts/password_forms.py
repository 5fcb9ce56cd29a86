"""Django's password forms with GOV.UK wording, and the reset email sent through the outbox."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from wardcase.core.notifications import notify_user

PASSWORD_HINT = _(
    "Use at least 8 characters. Do not use only numbers, a common password, or something "
    "like your name or username."
)


class _GovukForm:
    """GOV.UK forms: ids without Django's prefix, no browser validation bubbles."""

    use_required_attribute = False

    def _govuk(self, labels, required):
        for name, label in labels.items():
            self.fields[name].label = label
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        for name in self.fields:
            self.fields[name].widget.attrs.pop("autofocus", None)


class NewPasswordForm(_GovukForm, auth_forms.SetPasswordForm):
    """Choose a password (accepting an invitation, or after a reset link)."""

    error_messages = {"password_mismatch": _("The passwords do not match. Enter them again.")}

    def __init__(self, user, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(user, *args, **kwargs)
        self._govuk(
            {"new_password1": _("Password"), "new_password2": _("Confirm password")},
            {
                "new_password1": _("Enter a password"),
                "new_password2": _("Enter the password again"),
            },
        )
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password2"].help_text = ""


class ChangePasswordForm(_GovukForm, auth_forms.PasswordChangeForm):
    """Change the password of the signed-in user."""

    error_messages = {
        "password_mismatch": _("The new passwords do not match. Enter them again."),
        "password_incorrect": _("Your current password is not right. Enter it again."),
    }

    def __init__(self, user, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(user, *args, **kwargs)
        self._govuk(
            {
                "old_password": _("Current password"),
                "new_password1": _("New password"),
                "new_password2": _("Confirm new password"),
            },
            {
                "old_password": _("Enter your current password"),
                "new_password1": _("Enter a new password"),
                "new_password2": _("Enter the new password again"),
            },
        )
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password2"].help_text = ""


class ResetRequestForm(_GovukForm, auth_forms.PasswordResetForm):
    """Ask for a reset link. The email goes through the outbox like every other email."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["email"] = forms.EmailField(
            label=_("Email address"),
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            error_messages={
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
            },
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Django names a subject and a body template; the notice template holds both."""
        notify_user(
            user=context["user"],
            template="accounts/notices/password_reset.txt",
            context=context,
        )
