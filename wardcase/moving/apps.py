from django.apps import AppConfig


class MovingConfig(AppConfig):
    name = "wardcase.moving"
    label = "moving"
    verbose_name = "Moving in and out"
