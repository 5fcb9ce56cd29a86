from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created


def _sqlite_pragmas(sender, connection, **kwargs):
    """Readers never wait for the writer, and foreign keys are enforced, on embedded SQLite."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL;")
            cursor.execute("PRAGMA synchronous=NORMAL;")


def _postgresql_session(sender, connection, **kwargs):
    """No parallel workers for Wardcase's own queries on PostgreSQL: a page's queries read
    a few hundred rows, and starting workers cost more than they saved (at a million cases
    on 2 cores, home pages took twice as long with them). Reports ask for them again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('max_parallel_workers_per_gather', %s, false)",
                [str(settings.WARDCASE_DB_PARALLEL_WORKERS)],
            )


class CoreConfig(AppConfig):
    name = "wardcase.core"
    label = "core"

    def ready(self):
        from wardcase.core import lookups  # noqa: F401  (registers `__any`)

        connection_created.connect(_sqlite_pragmas, dispatch_uid="wardcase_sqlite_pragmas")
        connection_created.connect(_postgresql_session, dispatch_uid="wardcase_postgresql_session")
        from django.contrib.auth.signals import user_logged_in

        from wardcase.core.middleware import session_clock_start

        user_logged_in.connect(session_clock_start, dispatch_uid="wardcase_session_clock_start")
