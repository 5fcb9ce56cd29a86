from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wardcase.cases"
    label = "cases"

    def ready(self):
        from wardcase.cases import receivers  # noqa: F401 - connects the receivers
