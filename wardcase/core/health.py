"""`GET /healthz/`: is this installation working? For load balancers and monitoring.

One function per check; each returns a dict with at least "status" ("ok" or "fail") and
only counts, ages and thresholds, never anything about a case or a person. The page is
200 when every check is ok, else 503, and names what failed. Thresholds come from the
settings (WARDCASE_HEALTH_*, see deploy/wardcase.env.example).

Written here rather than with django-health-check: the checks that matter (a stuck task
queue, an outbox backlog, a scheduler that stopped) are Wardcase's own, so the library
would add a dependency and leave those to be written anyway.

Core imports no app, so an app's own check (mail's outbox) is registered from its
`AppConfig.ready()` with `register_check`.
"""

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from wardcase.core.access import public

OK, FAIL = "ok", "fail"

# {name: check(now)}, in the order the apps registered them.
_registered: dict[str, Callable[[datetime], dict[str, Any]]] = {}


def register_check(name, check):
    """Add an app's check to the page: `check(now)` returns a result dict as below."""
    _registered[name] = check


def age_seconds(since, now):
    """Whole seconds from `since` to `now` (never negative), or None when there is no `since`."""
    return None if since is None else max(0, round((now - since).total_seconds()))


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def check_migrations():
    """Every migration in the code has been applied to the database."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"status": FAIL if plan else OK, "unapplied": len(plan)}


def check_task_queue(now):
    """The oldest task waiting for a worker has not waited too long (no worker running?)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return {"status": OK, "backend": "not the database queue"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready()
    # A task scheduled for later has been waiting only since its time came.
    oldest = min(
        (
            moment
            for moment in (
                ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"],
                ready.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"],
            )
            if moment is not None
        ),
        default=None,
    )
    threshold = settings.WARDCASE_HEALTH_TASK_MAX_AGE_SECONDS
    age = age_seconds(oldest, now)
    return {
        "status": FAIL if age is not None and age > threshold else OK,
        "ready": ready.count(),
        "oldest_age_seconds": age,
        "threshold_seconds": threshold,
    }


def check_sweeps(now):
    """The charter sweep (run by `manage.py run_periodic`) has completed recently."""
    from wardcase.core.models import PeriodicRun

    run = PeriodicRun.objects.filter(command="sla_sweep").first()
    last = run.last_succeeded_at if run else None
    threshold = settings.WARDCASE_HEALTH_SWEEP_MAX_AGE_SECONDS
    age = age_seconds(last, now)
    return {
        "status": FAIL if age is None or age > threshold else OK,
        "last_completed_at": last.isoformat() if last else None,
        "age_seconds": age,
        "threshold_seconds": threshold,
    }


def run_checks(now=None):
    """{name: result} for every check; a check that raises fails with the error's kind."""
    now = now or timezone.now()
    checks = {
        "database": check_database,
        "migrations": check_migrations,
        "task_queue": lambda: check_task_queue(now),
        "sweeps": lambda: check_sweeps(now),
    }
    checks.update({name: partial(check, now) for name, check in _registered.items()})
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - a broken check is a failed check
            results[name] = {"status": FAIL, "error": type(error).__name__}
    return results


@public
@require_safe
def healthz(request):
    checks = run_checks()
    failed = sorted(name for name, result in checks.items() if result["status"] != OK)
    body = {"status": FAIL if failed else OK, "failed": failed, "checks": checks}
    response = JsonResponse(body, status=503 if failed else 200)
    add_never_cache_headers(response)
    return response
