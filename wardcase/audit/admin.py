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
