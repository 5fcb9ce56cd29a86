from django.db import migrations

OLD = "wardcase.charter.tasks.rebuild_open_case_clocks"
NEW = "wardcase.cases.tasks.rebuild_open_case_clocks"


def repoint(old, new):
    def run(apps, schema_editor):
        """A rebuild queued before the task moved from charter to cases (the charter engine
        no longer imports cases) runs from its new module; its name is unchanged."""
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_closure_declined_event"),
        ("django_tasks_database", "0001_initial"),
    ]

    operations = [migrations.RunPython(repoint(OLD, NEW), repoint(NEW, OLD))]
