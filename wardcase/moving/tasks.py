"""Background tasks for moving in: thin, load by id and call the service."""

from django_tasks import task


@task()
def run_case_import(import_id: int) -> None:
    from wardcase.moving.services.uploads import case_import_run

    case_import_run(import_id=import_id)
