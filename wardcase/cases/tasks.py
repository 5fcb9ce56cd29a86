"""Background tasks of cases: thin wrappers, here the rebuild of the charter clocks."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from wardcase.cases.services.charter_rebuild import rebuild_open_cases
from wardcase.core.locks import command_lock

RETRY_AFTER = timedelta(seconds=30)


@task()
def rebuild_open_case_clocks():
    """After the charter terms or closure days change. Safe to run twice: each run
    replays the timelines afresh. Two runs never overlap: one that finds another running
    (which may have read the terms before this change) runs again once it is done."""
    with command_lock("charter_rebuild") as taken:
        if taken:
            rebuild_open_cases()
            return
    rebuild_open_case_clocks.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
