from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "wardcase.search"
    label = "search"

    def ready(self):
        from wardcase.search import signals  # noqa: F401  (connects the index receivers)
