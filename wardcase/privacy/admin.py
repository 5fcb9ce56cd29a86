"""Administrators set the retention schedule; changes are audited."""

from django.contrib import admin

from wardcase.audit.admin import AuditedAdmin
from wardcase.privacy.models import RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(AuditedAdmin):
    list_display = ["council", "anonymise_after_months"]
