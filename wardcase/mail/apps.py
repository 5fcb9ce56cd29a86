from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "wardcase.mail"
    label = "mail"
