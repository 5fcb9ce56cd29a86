from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "wardcase.charter"
    label = "charter"
    verbose_name = "Service charter"

    def ready(self):
        from wardcase.charter import permissions  # noqa: F401 - registers the rules
