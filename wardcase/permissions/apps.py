from django.apps import AppConfig


class PermissionsConfig(AppConfig):
    name = "wardcase.permissions"
    label = "wardcase_permissions"
    verbose_name = "Permissions"

    def ready(self):
        from wardcase.permissions import registry  # noqa: F401 - registers rules and restrict()
