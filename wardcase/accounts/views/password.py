"""Forgotten and changed passwords: Django's own views, GOV.UK pages, audited."""

from axes.helpers import get_client_ip_address
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from wardcase.accounts.password_forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm
from wardcase.accounts.password_reset import password_reset_request_allowed
from wardcase.accounts.sessions import user_sessions_end
from wardcase.accounts.views.oidc import passwords_on_only
from wardcase.audit.services import audit_record
from wardcase.core.access import public, signed_in


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        ip = get_client_ip_address(self.request)
        if not password_reset_request_allowed(email=form.cleaned_data["email"], ip=ip):
            return render(self.request, "accounts/password_reset_throttled.html", status=429)
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password already invalidates every session (Django checks a hash of the
        # password on each request); deleting them as well leaves nothing half-alive.
        ended = user_sessions_end(user=form.user)
        audit_record(actor=None, action="password.reset", obj=form.user, sessions_ended=ended)
        return response


class ChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, action="password.changed", obj=self.request.user)
        return response


password_reset = public(passwords_on_only(ResetRequestView.as_view()))
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(passwords_on_only(ResetConfirmView.as_view()))
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_changed.html")
)
password_change = signed_in()(passwords_on_only(ChangeView.as_view()))
password_change_done = signed_in()(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_changed.html")
)
