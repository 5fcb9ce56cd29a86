from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "wardcase.charter"
    label = "charter"
    verbose_name = "Service charter"
