"""Data migrations of the charter clocks, each tried from the state before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.charter.conftest import at
from wardcase.charter.models import Clock, Pause

BEFORE = [("charter", "0002_drop_sweep_run")]
AFTER = [("charter", "0003_clock_working_days")]


@pytest.mark.django_db(transaction=True)
def test_clocks_met_before_the_field_existed_get_their_working_days(assigned, world):
    """Assigned Monday 10:00, paused Tuesday 10:00 to Thursday 09:00, acknowledged Friday:
    Thursday and Friday count, so the migration records 2, as `meet` would."""
    Pause.objects.create(
        case=assigned,
        started_at=at(2026, 3, 3, 10),
        ended_at=at(2026, 3, 5, 9),
        started_by=world.officer,
        reason="Photos",
        previous_status=assigned.status,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_clock = executor.loader.project_state(BEFORE).apps.get_model("charter", "Clock")
    old_clock.objects.filter(case_id=assigned.pk, kind="acknowledge").update(
        state="met", met_at=at(2026, 3, 6, 12)
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    clocks = dict(Clock.objects.filter(case=assigned).values_list("kind", "working_days"))
    assert clocks == {"acknowledge": 2, "respond": None, "resolve": None}


@pytest.mark.django_db(transaction=True)
def test_updates_of_cases_already_proposed_for_closure_are_met_at_the_proposal(assigned, world):
    """Before, a proposal to close left the six-weekly update clock running; the migration
    meets it at the proposal, and leaves other cases' update clocks as they were."""
    import time_machine

    from tests.conftest import assign
    from wardcase.cases import services
    from wardcase.cases.choices import EventKind
    from wardcase.cases.models import Case

    other = assign(world, world.other_case)
    with time_machine.travel(at(2026, 3, 10, 12), tick=False):
        for case in (assigned, other):
            services.case_add_event(
                case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Fixed."
            )
    Case.objects.filter(pk=assigned.pk).update(closure_proposed_at=at(2026, 3, 12, 9))
    executor = MigrationExecutor(connection)
    executor.migrate([("charter", "0006_covering_clock_index")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    update = Clock.objects.get(case=assigned, kind="update")
    assert (update.state, update.met_at) == ("met", at(2026, 3, 12, 9))
    assert Clock.objects.get(case=other, kind="update").state == "running"


@pytest.mark.django_db
def test_a_rebuild_queued_before_the_task_moved_runs_from_cases():
    """A rebuild queued under the charter's old task module is pointed at cases' (and back
    on unapplying); other tasks keep theirs."""
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    moved = import_module("wardcase.cases.migrations.0011_charter_rebuild_task_moved_to_cases")

    def queue(path):
        return DBTaskResult.objects.create(
            task_path=path, args_kwargs={"args": [], "kwargs": {}}, run_after=timezone.now()
        )

    rebuild, other = queue(moved.OLD), queue("wardcase.mail.tasks.send_outbox_messages")
    moved.repoint(moved.OLD, moved.NEW)(apps, None)
    rebuild.refresh_from_db(), other.refresh_from_db()
    assert rebuild.task_path == "wardcase.cases.tasks.rebuild_open_case_clocks"
    assert import_string(rebuild.task_path).name == "rebuild_open_case_clocks"
    assert other.task_path == "wardcase.mail.tasks.send_outbox_messages"
    moved.repoint(moved.NEW, moved.OLD)(apps, None)
    rebuild.refresh_from_db()
    assert rebuild.task_path == "wardcase.charter.tasks.rebuild_open_case_clocks"
