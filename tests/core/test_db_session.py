"""Wardcase's PostgreSQL sessions run no parallel workers; a report's transaction does."""

import pytest
from django.db import connection

from wardcase.reports.reading import report_transaction

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL setting"
)


def _workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_pages_run_without_parallel_workers_and_reports_with_them(settings):
    connection.close()  # a new connection, as each web process makes
    connection.ensure_connection()
    assert _workers() == "0"
    with report_transaction():
        assert _workers() == str(settings.WARDCASE_REPORT_PARALLEL_WORKERS) != "0"
    assert _workers() == "0"  # SET LOCAL: the connection goes back to none
