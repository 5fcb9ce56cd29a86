"""How a report reads: the cases a user's report may count, in one read transaction
tuned for long aggregates."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from wardcase.accounts.models import User
from wardcase.cases.models import Case
from wardcase.permissions.reports import case_scope

REPORT_WORK_MEM = "64MB"  # PostgreSQL's, for one report's transaction


def scoped_cases(*, user: User, group: str, logged: Q) -> QuerySet[Case]:
    """The cases `user`'s report grouped by `group` counts, logged as `logged` says."""
    return Case.objects.filter(case_scope(user=user, group=group), logged)


@contextmanager
def report_transaction() -> Iterator[None]:
    """One read transaction per report. PostgreSQL's JIT would spend longer compiling
    these one-off aggregate queries than running them, so it is off for them; their
    hash aggregates (a street per case, for hot spots) get the memory to stay off disk;
    and they may use parallel workers."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
                # Wardcase's connections run no parallel workers (wardcase.core.apps):
                # a report's aggregates over a period's cases want them.
                cursor.execute(
                    "SELECT set_config('max_parallel_workers_per_gather', %s, true)",
                    [str(settings.WARDCASE_REPORT_PARALLEL_WORKERS)],
                )
        yield
