from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wardcase.accounts"
    label = "accounts"
