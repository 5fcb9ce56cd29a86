from django.apps import AppConfig


class ConstituentsConfig(AppConfig):
    name = "wardcase.constituents"
    label = "constituents"
