from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wardcase.reports"
    label = "reports"
    verbose_name = "Reports"
