from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "wardcase.letters"
    label = "letters"
    verbose_name = "Letters"
