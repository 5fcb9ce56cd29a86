"""Wards, for administrators."""

from django.contrib import admin

from wardcase.audit.admin import AuditedAdmin
from wardcase.places.models import Ward


@admin.register(Ward)
class WardAdmin(AuditedAdmin):
    list_display = ["name", "gss_code"]
    search_fields = ["name", "gss_code"]
