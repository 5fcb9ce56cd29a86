from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wardcase.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from wardcase.core.panels import Panel, register_panel
        from wardcase.reports.dashboard import dashboard_panel

        register_panel(
            page="home",
            panel=Panel(
                name="report_panel",
                template="reports/includes/dashboard_panel.html",
                build=dashboard_panel,
            ),
        )
