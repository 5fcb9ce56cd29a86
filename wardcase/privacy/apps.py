from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "wardcase.privacy"
    label = "privacy"
