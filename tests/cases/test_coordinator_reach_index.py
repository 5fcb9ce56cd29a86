"""`case_coordinator_reach_idx` holds exactly the cases a coordinator reaches, so their
exact count (the API's case list) reads its ids alone. If the rule in
`wardcase.permissions.visibility` changes, these fail until the index follows it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wardcase.cases.models import Case
from wardcase.cases.selectors import visible_cases
from wardcase.permissions.visibility import department_reach_q

INDEX = "case_coordinator_reach_idx"


def test_the_index_condition_is_the_coordinators_reach(world):
    (index,) = [i for i in Case._meta.indexes if i.name == INDEX]
    assert index.condition == department_reach_q(world.coordinator)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_coordinators_count_can_be_read_from_the_index(world):
    """The count a coordinator's case list asks implies the index's condition: with the
    table scans turned off, PostgreSQL reads it from the index. (On a test's few rows it
    would scan the table; at a million it takes the index, bench/history/.)"""
    with CaptureQueriesContext(connection) as captured:
        assert visible_cases(user=world.coordinator).count() >= 1
    (count_sql,) = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + count_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan, plan
