"""Users and roles, for administrators. Case content is deliberately not in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from wardcase.accounts.models import User
from wardcase.accounts.oidc import oidc_only
from wardcase.accounts.sessions import user_deactivate
from wardcase.audit.admin import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "name", "role", "ward", "department", "is_active"]
    list_filter = ["role", "is_active", "ward", "department"]
    search_fields = ["username", "name", "email"]
    filter_horizontal = ["acts_for"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["name", "email"]}),
        ("Role", {"fields": ["role", "ward", "department", "acts_for"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "oidc_subject"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "name", "email", "role", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Switching an account off in the admin ends its sessions at once, as the service does.
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_deactivate(user=obj, by=request.user)


def superusers_only(request):
    """The Django admin is for superusers (the people maintaining the installation).
    Administrators run the council from its own pages (users at /council/users/), which
    check, audit and explain every change; is_staff alone opens nothing here."""
    return request.user.is_active and request.user.is_superuser


# The default site, narrowed in place so every registered model is covered.
admin.site.has_permission = superusers_only  # type: ignore[method-assign]
_admin_password_login = admin.site.login


def admin_login(request, extra_context=None):
    """The admin's own password form, unless the council account is the only way in:
    then Wardcase's sign-in page, so no password opens anything."""
    if oidc_only():
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
    return _admin_password_login(request, extra_context)


admin.site.login = admin_login  # type: ignore[method-assign]
