"""Admin changes of configuration go to Wardcase's audit log as well as Django's."""

from django.contrib import admin

from wardcase.audit.services import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions are written to the audit log."""

    def log_addition(self, request, obj, message):
        audit_record(actor=request.user, action="config.added", obj=obj, change=str(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(actor=request.user, action="config.changed", obj=obj, change=str(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action="config.deleted", obj=obj, name=str(obj))
        return super().log_deletions(request, queryset)


class AdministratorsOnlyAdmin(admin.ModelAdmin):
    """Open to signed-in administrators (and superusers), whatever their model permissions."""

    def _is_administrator(self, request):
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or user.is_administrator)

    def has_module_permission(self, request):
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)
