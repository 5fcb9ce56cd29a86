"""Background tasks for the charter: thin wrappers that call the rebuild."""

from django_tasks import task

from wardcase.charter.rebuild import rebuild_open_cases


@task()
def rebuild_open_case_clocks():
    """After the charter terms or closure days change: safe to run twice, as each run
    replays the timelines afresh."""
    rebuild_open_cases()
