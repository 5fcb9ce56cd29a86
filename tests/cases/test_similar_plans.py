"""The possible-duplicates panel reads through its indexes on PostgreSQL (issue 15)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wardcase.cases.similar import same_issue_cases

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")


def test_the_same_issue_ids_come_from_the_index_alone(transactional_db, world):
    """The "same issue" check filters a service's open cases in the window on their ward and
    person: `case_service_open_cover_idx` holds both, so its ids are read without a case
    row. Drop a column from the index's INCLUDE and this plan reads the table again."""
    with CaptureQueriesContext(connection) as captured:
        same_issue_cases(
            user=world.coordinator,
            service=world.service,
            ward=world.ward,
            postcode="TE1 1ST",
            text="Pothole on Mill Lane",
            exclude=world.case,
        )
    (sql,) = [q["sql"] for q in captured.captured_queries if '"description"' in q["sql"]]
    with connection.cursor() as cursor:
        # As on a live database: the visibility map set, so an index alone can answer, and
        # the statistics of these rows (not those other tests left behind).
        cursor.execute("VACUUM ANALYZE cases_case")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")
    assert "Index Only Scan using case_service_open_cover_idx" in plan, plan
