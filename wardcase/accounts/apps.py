from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wardcase.accounts"
    label = "accounts"

    def ready(self):
        from wardcase.accounts import signals  # noqa: F401 - connects the receivers
