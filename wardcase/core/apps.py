from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_pragmas(sender, connection, **kwargs):
    """Readers never wait for the writer, and foreign keys are enforced, on embedded SQLite."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL;")
            cursor.execute("PRAGMA synchronous=NORMAL;")


class CoreConfig(AppConfig):
    name = "wardcase.core"
    label = "core"

    def ready(self):
        connection_created.connect(_sqlite_pragmas, dispatch_uid="wardcase_sqlite_pragmas")
        from django.contrib.auth.signals import user_logged_in

        from wardcase.core.middleware import session_clock_start

        user_logged_in.connect(session_clock_start, dispatch_uid="wardcase_session_clock_start")
