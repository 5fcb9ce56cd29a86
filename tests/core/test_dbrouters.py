"""The read replica router: which database each read goes to (docs/scaling.md).

The decision table and the no-replica behaviour run everywhere. The tests against a real
PostgreSQL streaming replica run when DATABASE_REPLICA_URL is set: scripts/test.sh starts
one (scripts/pg-test.sh replica) and runs this module against it after the PostgreSQL run.
"""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wardcase.cases import services
from wardcase.cases.models import Case
from wardcase.core.dbrouters import (
    PIN_COOKIE,
    REPLICA_DB_ALIAS,
    ReplicaRouter,
    primary_reads,
    read_alias,
    replica_reads,
)

SEARCH = reverse("search:search")
has_replica = REPLICA_DB_ALIAS in settings.DATABASES
needs_replica = pytest.mark.skipif(
    not has_replica, reason="needs DATABASE_REPLICA_URL (scripts/test.sh's replica run)"
)


@pytest.mark.parametrize(
    ("configured", "wanted", "pinned", "in_atomic", "expected"),
    [
        (True, True, False, False, "replica"),
        (True, True, True, False, "default"),
        (True, True, False, True, "default"),
        (True, False, False, False, "default"),
        (False, True, False, False, "default"),
        (True, True, True, True, "default"),
    ],
)
def test_reads_go_to_the_replica_only_when_asked_unpinned_and_outside_a_transaction(
    configured, wanted, pinned, in_atomic, expected
):
    """A read goes to the replica only when one is configured, the code asked for it, the
    user has not just written and the primary has no transaction open."""
    assert (
        read_alias(configured=configured, wanted=wanted, pinned=pinned, in_atomic=in_atomic)
        == expected
    )


def test_writes_and_migrations_go_to_the_primary_only():
    """Nothing is ever written to, or migrated on, the replica."""
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Case) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "cases") is True
    assert router.allow_migrate(REPLICA_DB_ALIAS, "cases") is False


@pytest.mark.skipif(has_replica, reason="without a replica only")
@pytest.mark.django_db
def test_without_a_replica_nothing_changes(client, world):
    """No replica: reports and search read the primary, and a write pins no cookie."""
    with replica_reads():
        assert ReplicaRouter().db_for_read(Case) == DEFAULT_DB_ALIAS
        assert Case.objects.all().db == DEFAULT_DB_ALIAS
    client.force_login(world.councillor)
    response = client.post(reverse("search:save"), {"name": "Potholes", "querystring": "q=pothole"})
    assert response.status_code == 302
    assert PIN_COOKIE not in response.cookies


def _replica_superuser():
    """A superuser connection to the replica, which may pause and resume its replay."""
    replica = connections[REPLICA_DB_ALIAS].settings_dict
    return psycopg.connect(
        host=replica["HOST"],
        port=replica["PORT"],
        user="postgres",
        dbname=replica["NAME"],  # the primary's test database, streamed
        autocommit=True,
    )


def _wait_until_paused(superuser):
    """A pause is a request: replay stops at the next record it reaches."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if superuser.execute("SELECT pg_get_wal_replay_pause_state()").fetchone() == ("paused",):
            return
        time.sleep(0.05)
    raise AssertionError("the replica's replay did not pause")


def _wait_for_replica(reference, *, present=True, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with replica_reads():
            if Case.objects.filter(reference=reference).exists() == present:
                return
        time.sleep(0.05)
    raise AssertionError(f"the replica did not catch up on {reference} in {seconds}s")


@needs_replica
@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS])
def test_the_replica_is_a_real_streaming_standby_that_serves_replica_reads(world):
    """Reads asked of the replica run on the standby, which streams the primary's commits."""
    with connections[REPLICA_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    _wait_for_replica(world.case.reference)
    with CaptureQueriesContext(connections[REPLICA_DB_ALIAS]) as on_replica, replica_reads():
        assert Case.objects.filter(reference=world.case.reference).count() == 1
    assert len(on_replica.captured_queries) == 1
    with CaptureQueriesContext(connections[REPLICA_DB_ALIAS]) as on_replica:
        with replica_reads(), primary_reads():
            Case.objects.count()
        with replica_reads(), transaction.atomic():
            Case.objects.count()
        Case.objects.count()
    assert on_replica.captured_queries == []


@needs_replica
@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS])
def test_a_user_reads_back_what_they_just_wrote_while_the_replica_lags(client, world):
    """With the replica's replay paused (lag as long as we like), search through the
    replica misses a new case, but a user who just wrote is pinned to the primary by the
    cookie a write sets, for WARDCASE_REPLICA_PIN_SECONDS, and finds it."""
    client.force_login(world.councillor)
    _wait_for_replica(world.case.reference)
    with _replica_superuser() as superuser:
        superuser.execute("SELECT pg_wal_replay_pause()")
        try:
            _wait_until_paused(superuser)
            new_case = services.case_create(
                by=world.councillor,
                owner=world.councillor,
                subject="Kestrel nesting in the bell tower",
                description="A kestrel is nesting in the church bell tower.",
                service=world.service,
                constituent={"name": "Cy Resident"},
            )
            stale = client.get(SEARCH, {"q": "kestrel"})
            assert stale.status_code == 200
            assert new_case.reference not in stale.content.decode()

            response = client.post(
                reverse("search:save"), {"name": "Kestrels", "querystring": "q=kestrel"}
            )
            assert response.status_code == 302
            pin = response.cookies[PIN_COOKIE]
            assert pin["max-age"] == settings.WARDCASE_REPLICA_PIN_SECONDS
            assert pin["httponly"]

            pinned = client.get(SEARCH, {"q": "kestrel"})
            assert new_case.reference in pinned.content.decode()
        finally:
            superuser.execute("SELECT pg_wal_replay_resume()")
    del client.cookies[PIN_COOKIE]
    _wait_for_replica(new_case.reference)
    caught_up = client.get(SEARCH, {"q": "kestrel"})
    assert new_case.reference in caught_up.content.decode()
