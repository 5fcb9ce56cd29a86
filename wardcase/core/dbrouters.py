"""A read replica for the heavy reads, the primary for everything else (docs/scaling.md).

With `DATABASE_REPLICA_URL` set, settings add a `replica` database alias. Reads go to it
only where a view, API view or command asked for it with `replica_reads` (reports, exports,
search), and even then not when:

- the request is pinned to the primary: it is a write (POST and the like), or the user wrote
  within the last WARDCASE_REPLICA_PIN_SECONDS (`ReplicaPinMiddleware`'s cookie), so a user
  always reads back what they just wrote, whatever the replica's lag;
- the primary connection is inside a transaction (`atomic`): a read there may depend on
  the transaction's own writes, and must be consistent with them.

Writes and migrations go to the primary only. Without a replica alias nothing changes:
every answer is the primary's.
"""

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA_DB_ALIAS = "replica"
# Present (value "1") while a browser's reads must come from the primary; its max-age is
# WARDCASE_REPLICA_PIN_SECONDS. Set only when a replica is configured.
PIN_COOKIE = "wardcase_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

F = TypeVar("F", bound=Callable[..., Any])

_replica_wanted: ContextVar[bool] = ContextVar("wardcase_replica_wanted", default=False)
_pinned: ContextVar[bool] = ContextVar("wardcase_pinned_to_primary", default=False)


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


def read_alias(*, configured: bool, wanted: bool, pinned: bool, in_atomic: bool) -> str:
    """Which database a read goes to: the replica only when one is configured, the code
    asked for it, the request is not pinned and no transaction is open on the primary."""
    if configured and wanted and not pinned and not in_atomic:
        return REPLICA_DB_ALIAS
    return DEFAULT_DB_ALIAS


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may come from the replica (usable as a decorator too). For reads that
    tolerate a moment's lag: reports, exports, search."""
    token = _replica_wanted.set(True)
    try:
        yield
    finally:
        _replica_wanted.reset(token)


def replica_view(view: F) -> F:
    """A view (or API view's `as_view()`) whose reads may come from the replica; the
    router still sends them to the primary while the request is pinned."""
    return replica_reads()(view)


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside come from the primary, even within `replica_reads`."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    """Django's database router for the primary and its read replica."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias(
            configured=replica_configured(),
            wanted=_replica_wanted.get(),
            pinned=_pinned.get(),
            in_atomic=connections[DEFAULT_DB_ALIAS].in_atomic_block,
        )

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: an object read from either may refer to one
        # read from the other.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """Pin a user's reads to the primary during a write and for WARDCASE_REPLICA_PIN_SECONDS
    after it, by a cookie, so what they just wrote is what they read back. Stateless, so
    it holds across web processes. Does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        with contextlib.ExitStack() as stack:
            if writes or PIN_COOKIE in request.COOKIES:
                stack.enter_context(primary_reads())
            response = self.get_response(request)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.WARDCASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
