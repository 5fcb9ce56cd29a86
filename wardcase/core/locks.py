"""A lock a periodic command takes so that two runs at once do not overlap.

PostgreSQL: a session advisory lock, shared by every process on every machine using
the database. SQLite lives on one machine, so a file lock beside it does the same.
The lock only keeps runs apart; correctness (exactly once) is still enforced by the
data, so a run that slips past it does no harm.
"""

import fcntl
import hashlib
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def _advisory_key(name):
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def command_lock(name):
    """Yield True if this process now holds the lock `name`, False if another run does."""
    if connection.vendor == "postgresql":
        key = _advisory_key(f"wardcase:{name}")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    # Beside the database file, so each database (each test worker's too) has its own.
    database = Path(str(connection.settings_dict["NAME"]))
    path = database.parent / f"{database.name}.{name}.lock"
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
