from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo council and its invented cases (`manage.py seed_demo`).

    It sits above every other app: it drives their services to build the demo, and no
    app imports it.
    """

    name = "wardcase.demo"
    label = "demo"
    verbose_name = "Demo"
