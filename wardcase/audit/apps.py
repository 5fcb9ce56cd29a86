from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wardcase.audit"
    label = "audit"
