"""Configuration for administrators: the council, its departments and glossary of services."""

from django.contrib import admin

from wardcase.audit.admin import AuditedAdmin
from wardcase.directory.models import Council, Department, Directorate, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 1


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "nation"]


@admin.register(Directorate)
class DirectorateAdmin(AuditedAdmin):
    list_display = ["name", "council"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "directorate", "head", "active"]
    list_filter = ["directorate", "active"]
    search_fields = ["name"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ["name", "department", "active"]
    list_filter = ["department", "active"]
    search_fields = ["name"]
