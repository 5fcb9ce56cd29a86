from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "wardcase.directory"
    label = "directory"
