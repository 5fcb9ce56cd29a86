"""Configuration for administrators: the council, its departments and glossary of services."""

from django.contrib import admin

from wardcase.directory.models import Council, Department, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 1


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "nation"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "head", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "active"]
    list_filter = ["department", "active"]
    search_fields = ["name"]
