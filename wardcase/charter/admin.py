"""Administrators set the charter's terms and the council's closure days."""

from django.contrib import admin

from wardcase.audit.admin import AuditedAdmin
from wardcase.charter.models import CharterRule, ClosureDay


@admin.register(CharterRule)
class CharterRuleAdmin(AuditedAdmin):
    list_display = [
        "__str__",
        "acknowledge_days",
        "response_days",
        "update_weeks",
        "resolve_months",
        "remind_days_before",
        "escalate_after_days",
    ]
    list_filter = ["directorate", "department", "case_type"]


@admin.register(ClosureDay)
class ClosureDayAdmin(AuditedAdmin):
    list_display = ["day", "name"]
    date_hierarchy = "day"
