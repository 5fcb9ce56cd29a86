"""Holding a command lock from another connection, as a second worker would."""

import threading
from contextlib import contextmanager

from django.db import connection

from wardcase.core.locks import command_lock


@contextmanager
def lock_held_elsewhere(name):
    """Hold `name` in another thread (its own database connection) while the block runs:
    a lock is re-entrant within one PostgreSQL session, so the test's own would not do."""
    taken, release = threading.Event(), threading.Event()
    result = {}

    def hold():
        try:
            with command_lock(name) as held:
                result["held"] = held
                taken.set()
                release.wait(timeout=60)
        finally:
            connection.close()
            taken.set()

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(timeout=60)
    try:
        assert result.get("held"), f"could not take the lock {name!r} for the test"
        yield
    finally:
        release.set()
        thread.join(timeout=60)
