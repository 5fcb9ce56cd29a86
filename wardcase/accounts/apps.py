from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wardcase.accounts"
    label = "accounts"

    def ready(self):
        from wardcase.accounts import permissions, signals  # noqa: F401  (rules, receivers)
