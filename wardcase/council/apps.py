from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "wardcase.council"
    label = "council"
    verbose_name = "Council settings"
