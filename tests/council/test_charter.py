"""Charter terms and closure days: saved, audited, refused with reasons, and open cases'
deadlines worked out again once the change commits."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import assign
from wardcase.cases.choices import CaseType
from wardcase.charter import services as charter_services
from wardcase.charter.models import CharterRule, Clock, ClosureDay
from wardcase.core.errors import ActionNotAllowed, ServiceError

NON_ADMINISTRATORS = ["councillor", "caseworker", "coordinator", "officer", "head"]


@pytest.mark.parametrize("who", NON_ADMINISTRATORS)
def test_only_administrators_call_these_services(world, who):
    user = getattr(world, who)
    calls = [
        lambda: charter_services.closure_day_add(by=user, day=date(2030, 1, 2), name="Nope"),
        lambda: charter_services.charter_rule_create(by=user, terms={"response_days": 5}),
    ]
    for call in calls:
        with pytest.raises(ActionNotAllowed):
            call()
    assert not ClosureDay.objects.exists() and not CharterRule.objects.exists()


def test_an_override_changes_open_cases_deadlines_once_committed(
    world, audited, django_capture_on_commit_callbacks
):
    case = assign(world)
    before = Clock.objects.get(case=case, kind=Clock.Kind.RESPOND).due_on
    with django_capture_on_commit_callbacks(execute=True) as queued:
        rule = charter_services.charter_rule_create(
            by=world.administrator,
            department=world.department,
            terms={"response_days": 20},
        )
    assert len(queued) == 1  # the rebuild task
    after = Clock.objects.get(case=case, kind=Clock.Kind.RESPOND, state="running").due_on
    assert after > before + timedelta(days=13)
    assert str(rule) == "Highways"
    entry = audited("config.added", "charter.charterrule")[0]
    assert entry.detail["terms"]["response_days"] == 20


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"terms": {}}, "acknowledge_days", "at least one term"),
        ({"terms": {"update_weeks": 0}}, "update_weeks", "from 1 to 52"),
        ({"terms": {"response_days": 9999}}, "response_days", "from 1 to 250"),
        ({"terms": {"response_days": 5}, "case_type": "gossip"}, "case_type", "case type"),
    ],
)
def test_bad_charter_terms_are_refused(world, kwargs, field, words):
    with pytest.raises(ServiceError) as refused:
        charter_services.charter_rule_create(by=world.administrator, **kwargs)
    assert (refused.value.field, words in refused.value.message) == (field, True)
    assert not CharterRule.objects.exists()


def test_the_same_scope_twice_is_refused_and_a_rule_is_changed_instead(world, audited):
    rule = charter_services.charter_rule_create(
        by=world.administrator, case_type=CaseType.COMPLAINT, terms={"response_days": 20}
    )
    with pytest.raises(ServiceError, match="already terms for this"):
        charter_services.charter_rule_create(
            by=world.administrator, case_type=CaseType.COMPLAINT, terms={"acknowledge_days": 2}
        )
    changed = charter_services.charter_rule_update(
        rule=rule, by=world.administrator, terms={"response_days": 15, "acknowledge_days": 2}
    )
    assert changed == ["acknowledge_days", "response_days"]
    assert audited("config.changed", "charter.charterrule")[0].detail["before"] == {
        "acknowledge_days": None,
        "response_days": 20,
    }
    charter_services.charter_rule_delete(rule=rule, by=world.administrator)
    assert not CharterRule.objects.exists()


def test_a_closure_day_is_added_once_and_removed(world, audited):
    day = timezone.localdate() + timedelta(days=30)
    closure = charter_services.closure_day_add(by=world.administrator, day=day, name=" Staff day ")
    assert closure.name == "Staff day"
    with pytest.raises(ServiceError) as refused:
        charter_services.closure_day_add(by=world.administrator, day=day, name="Again")
    assert (
        refused.value.field == "day"
        and "already a closure day (Staff day)" in refused.value.message
    )
    with pytest.raises(ServiceError, match="what the closure is for"):
        charter_services.closure_day_add(by=world.administrator, day=day + timedelta(1), name=" ")
    charter_services.closure_day_remove(closure_day=closure, by=world.administrator)
    assert not ClosureDay.objects.exists()
    assert len(audited("config.deleted", "charter.closureday")) == 1


def test_charter_terms_are_added_for_a_department(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.administrator)
    data = {"scope": f"department-{world.department.pk}", "case_type": "complaint"}
    response = client.post(reverse("council:charter_rule_add"), data)
    assert response.status_code == 400
    assert "Enter at least one term" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("council:charter_rule_add"), {**data, "response_days": "15"}, follow=True
        )
    assert "worked out again" in response.content.decode()
    assert "Department: Highways, complaint</th>" in response.content.decode()
    rule = CharterRule.objects.get()
    assert (rule.department, rule.case_type, rule.response_days) == (
        world.department,
        "complaint",
        15,
    )
    response = client.post(
        reverse("council:charter_rule_edit", args=[rule.pk]), {"response_days": "lots"}
    )
    assert "must be a whole number" in response.content.decode()


def test_a_closure_day_is_added_with_the_date_boxes(client, world):
    client.force_login(world.administrator)
    url = reverse("council:closure_days")
    response = client.post(
        url, {"day_day": "31", "day_month": "2", "day_year": "2031", "name": "X"}
    )
    assert "must be a real date" in response.content.decode()
    response = client.post(
        url,
        {"day_day": "29", "day_month": "12", "day_year": "2031", "name": "Christmas"},
        follow=True,
    )
    assert "29 December 2031 added as a closure day" in response.content.decode()
    closure = ClosureDay.objects.get()
    client.post(reverse("council:closure_day_remove", args=[closure.pk]))
    assert not ClosureDay.objects.exists()


def test_a_rebuild_waits_for_one_already_running(world, settings):
    """With another rebuild holding the lock, the task changes nothing now and queues
    itself to run again after it; with the lock free it rebuilds."""
    from django_tasks import default_task_backend

    from tests.locks import lock_held_elsewhere
    from wardcase.cases.tasks import rebuild_open_case_clocks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    case = assign(world)
    Clock.objects.filter(case=case).delete()
    with lock_held_elsewhere("charter_rebuild"):
        rebuild_open_case_clocks.call()
    assert not Clock.objects.filter(case=case).exists()
    (queued,) = default_task_backend.results
    assert queued.task.run_after > timezone.now()
    rebuild_open_case_clocks.call()
    assert Clock.objects.filter(case=case, kind=Clock.Kind.RESPOND).exists()
