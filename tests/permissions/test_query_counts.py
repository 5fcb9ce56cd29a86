"""The case page reads the permission inputs once, whatever the role, and its query count
does not grow with the case's events and shares."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.conftest import assign
from wardcase.accounts.cover import cover_create
from wardcase.cases import services
from wardcase.cases.services.sharing import case_share

# Measured on the factories' world; before the permissions package: 26 to 66 by role, then
# 25 to 29. Every role's case page now makes the same reads: session, user, the one grants
# query, the case (whether the user may see it, then the case by its key, then its four
# people by theirs: joined, they cost PostgreSQL more to plan than to read), its timeline,
# deadlines, people, links, shares, mail. (Possible duplicates load after the page, from
# their own address: `cases:similar`.)
EXPECTED = 18
# Besides them, each list a role's own panels offer to choose from is read once: the letter
# templates for the councillor's side, the departments and the officers for those who
# assign. That is the page's content, not its permission checks: it does not grow with the
# number of panels, events or shares.
CHOICE_LISTS = {'id="letters"': 1, 'id="panel-assign"': 2}
ROLES = ["councillor", "caseworker", "coordinator", "officer", "head", "deputy"]


def _world_with(world, n):
    """The councillor's case, acknowledged, with n updates and n shares, and a deputy."""
    case = assign(world)
    services.case_acknowledge(case=case, by=world.officer)
    today = timezone.localdate()
    world.deputy = factories.CouncillorFactory(ward=world.ward)
    cover_create(
        by=world.councillor,
        councillor=world.councillor,
        deputy=world.deputy,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    for i in range(n):
        services.case_add_event(case=case, by=world.officer, kind="update", body=f"Update {i}")
        colleague = factories.OfficerFactory(department=world.other_department)
        case_share(case=case, by=world.councillor, user=colleague, reason=f"Share {i}")
    return case


def _page(client, user, case):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return ctx.captured_queries


def _reads_and_writes(queries):
    """The page's reads and writes. PostgreSQL's compiler wraps each part of a UNION in
    brackets, so a read may start with "(SELECT"; savepoints are neither."""
    statements = [q["sql"].lstrip("( ") for q in queries]
    reads = [sql for sql in statements if sql.startswith(("SELECT", "WITH"))]
    return reads, [sql for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.mark.parametrize("n", [1, 10])
@pytest.mark.parametrize("role", ROLES)
def test_case_page_reads_are_the_same_for_every_role(client, world, role, n):
    """The same reads for every role, for 1 and for 10 events and shares; the only write
    is the audit entry of a read by someone other than the owner."""
    case = _world_with(world, n)
    user = getattr(world, role)
    client.force_login(user)
    client.get(case.get_absolute_url())  # the first view of all seeds the letter templates
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    choices = sum(reads for marker, reads in CHOICE_LISTS.items() if marker in html)
    reads, writes = _reads_and_writes(ctx.captured_queries)
    assert len(reads) == EXPECTED + choices, "\n".join(reads)
    audited = case.owner_id != user.pk
    assert [w.startswith('INSERT INTO "audit_auditentry"') for w in writes] == [True] * audited


@pytest.mark.parametrize("role", ROLES)
def test_the_grants_are_read_once_per_request(client, world, role):
    """One query reads what the user holds; no rule reads shares, helpers, cover or the
    departments a head runs again, however many panels the page asks about."""
    case = _world_with(world, 3)
    queries = [q["sql"] for q in _page(client, getattr(world, role), case)]
    assert sum('"grant_kind"' in sql for sql in queries) == 1
    assert not any('FROM "accounts_cover"' in sql and "grant_kind" not in sql for sql in queries)
    assert not any(sql.startswith('SELECT 1 AS "a" FROM "cases_caseshare"') for sql in queries)
    assert not any(sql.startswith('SELECT 1 AS "a" FROM "charter_pause"') for sql in queries)
