"""`sla_sweep` with real work to do, on a generated data set, days ahead of today.

    DATABASE_URL=postgres://.../COPY .venv/bin/python bench/sweep_ahead.py [DAYS ...]

(default DAYS: 1 7 30), after a warm-up sweep as at today. A data set from
`generate_data` has current clocks: swept today, little falls due. Swept as at 10:00
DAYS days from now (the sweep's own `at`), every running clock due before then
breaches, every breach older than its escalation date is escalated and every reminder
date passed is reminded: timeline entries, outbox rows and send tasks, as in
production. Each sweep runs inside a transaction that is rolled back, so each starts
from the same data and the database is left as it was. Use a copy of the kept data
set, never the kept one.

Prints, for each: open cases (live clocks) evaluated, seconds, open cases per second,
and what it did; then the CPU seconds the sweep's own process and (on PostgreSQL on
this machine) its database backend spent, which a shared machine's load sways far
less than the wall time.
"""

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log kept in memory

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django_tasks").setLevel(logging.WARNING)

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402


class RolledBack(Exception):
    pass


def sweep_ahead(days):
    from wardcase.cases.choices import OPEN_STATUSES
    from wardcase.cases.models import Case
    from wardcase.cases.services.charter_sweep import sla_sweep

    at = timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).count()
    backend = _backend_cpu()
    try:
        with transaction.atomic():
            started, cpu, server = time.perf_counter(), time.process_time(), backend()
            result = sla_sweep(at=at)
            took, cpu, server = (
                time.perf_counter() - started,
                time.process_time() - cpu,
                backend() - server,
            )
            raise RolledBack
    except RolledBack:
        pass
    print(
        f"  +{days:<3} days {at:%a %d %b %H:%M}: {open_cases:,} open cases "
        f"({result.evaluated:,} live clocks) in {took:6.2f} s: "
        f"{open_cases / took:>10,.0f} open cases/s; reminded {result.reminded:,}, "
        f"breached {result.breached:,}, escalated {result.escalated:,}; "
        f"CPU {cpu:.2f} s here, {server:.2f} s in the database; "
        f"load {os.getloadavg()[0]:.2f}"
    )


def _backend_cpu():
    """A function giving the CPU seconds this connection's PostgreSQL backend has used
    (from /proc, so only with the server on this machine); 0 where it cannot be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat = Path(f"/proc/{pid}/stat")

    def used():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return used


def main(days):
    from django.db import connection

    print(f"{connection.vendor}, database {connection.settings_dict['NAME']}, {datetime.now():%c}")
    # The first sweep of a process also imports, loads the URLs and compiles the notice
    # templates: a long-running `run_periodic` pays that once, so it is shown apart. The
    # sweep as at today notifies nobody, so the URLs and templates are loaded here too
    # (before, the first sweep with work paid about 0.5 s of URLconf import).
    print("  warm-up (today):", end="")
    sweep_ahead(0)
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's URLconf
    for notice in ("reminder", "overdue", "escalation"):
        get_template(f"cases/notices/{notice}.txt")
    for n in days:
        sweep_ahead(n)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 7, 30])
