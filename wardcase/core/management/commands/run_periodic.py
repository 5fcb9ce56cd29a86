"""Run the periodic sweeps (deadlines, mailbox poll, digests, retention) on a schedule.

`make run` starts this beside the task worker; in production run it once per
installation (systemd, or cron calling the commands directly). A second scheduler or
a cron job running the same command at the same moment does no harm, though not every
command takes a lock:

- `sla_sweep`, `send_digests`, `fetch_mail` and `retention_sweep` take their own lock
  (`wardcase.core.locks.command_lock`); a second run finds it taken and does nothing.
- `send_outbox` takes none: each sender claims its batch of rows first, and two senders
  never claim the same row, so two runs share the work rather than send anything twice.
- `process_mail` takes none: two runs may queue the same stored message twice, but
  processing locks the message and only handles one still waiting, so it is processed
  once.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils import timezone

from wardcase.core.models import PeriodicRun

logger = logging.getLogger(__name__)


def record_run(name, *, succeeded):
    """Note when `name` last finished (and last succeeded), for the health check."""
    now = timezone.now()
    changes = {"last_finished_at": now, "last_succeeded": succeeded}
    if succeeded:
        changes["last_succeeded_at"] = now
    try:
        PeriodicRun.objects.update_or_create(command=name, defaults=changes)
    except DatabaseError:  # the database is down: the sweeps' own errors say so
        logger.exception("Could not record the run of %s", name)


class Command(BaseCommand):
    help = "Run the commands in WARDCASE_PERIODIC_COMMANDS, each at its interval, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every command once, then exit."
        )

    def handle(self, *args, once=False, **options):
        schedule = list(settings.WARDCASE_PERIODIC_COMMANDS)
        next_run = {name: 0.0 for name, _interval in schedule}
        stopping = False

        def stop(_signum, _frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            for name, interval in schedule:
                if stopping or time.monotonic() < next_run[name]:
                    continue
                succeeded = False
                try:
                    call_command(name)
                    succeeded = True
                except Exception:  # noqa: BLE001 - one failing sweep must not stop the others
                    logger.exception("Periodic command %s failed", name)
                record_run(name, succeeded=succeeded)
                next_run[name] = time.monotonic() + interval
            if once:
                return
            time.sleep(1)
