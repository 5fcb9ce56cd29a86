"""The reports read several groupings in one pass: each must equal a recount from the raw
cases and clocks, for every role, whichever groupings are read together."""

from collections import defaultdict
from datetime import date

import pytest
import time_machine
from django.utils import timezone

from tests.reports.conftest import _log, at
from wardcase.cases import services
from wardcase.cases.models import Case
from wardcase.charter.models import Clock
from wardcase.directory.models import Directorate
from wardcase.permissions.reports import case_scope
from wardcase.reports import queries
from wardcase.reports.dimensions import DIMENSIONS, period_q

SPRING = {"date_from": date(2026, 2, 1), "date_to": date(2026, 4, 30)}
TOGETHER = ["department", "directorate", "month", "quarter", "service", "ward", "channel"]


@pytest.fixture
def spring(world, march):
    """The March world, with cases in February and April too, one of them in Housing
    (a directorate of its own) answered late."""
    place = Directorate.objects.create(council=world.department.council, name="Place")
    world.other_department.directorate = place
    world.other_department.save()
    with time_machine.travel(at(2026, 2, 27, 16), tick=False):
        late = _log(world, world.other_councillor, "Feb", channel="phone")
        late = services.case_assign(
            case=late,
            by=world.coordinator,
            department=world.other_department,
            lead_officer=world.other_officer,
        )
    with time_machine.travel(at(2026, 3, 10, 9), tick=False):
        services.case_acknowledge(case=late, by=world.other_officer)
    with time_machine.travel(at(2026, 4, 1, 9), tick=False):
        early = _log(world, world.councillor, "Apr")
        services.case_assign(
            case=early,
            by=world.coordinator,
            department=world.department,
            lead_officer=world.officer,
        )


def _key(case, group):
    if group in {"month", "quarter"}:
        local = timezone.localtime(case.created_at).date()
        month = local.month if group == "month" else 3 * ((local.month - 1) // 3) + 1
        return date(local.year, month, 1)
    if group == "directorate":
        return case.department.directorate_id if case.department else None
    return getattr(case, DIMENSIONS[group][1])


def _median(values):
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    picked = values[middle : middle + 1] if len(values) % 2 else values[middle - 1 : middle + 1]
    return round(sum(picked) / len(picked), 1)


def _recount(user, group):
    """{key: (cases, open, ack decided, ack on time, resp decided, resp on time, overdue,
    ack median, resp median)} counted in Python from every case and clock."""
    today = timezone.localdate()
    in_scope = Case.objects.filter(case_scope(user=user, group=group), period_q(**_dates()))
    counts = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0, [], []])
    for case in in_scope.select_related("department"):
        row = counts[_key(case, group)]
        row[0] += 1
        row[1] += case.status != "closed"
        clocks = list(Clock.objects.filter(case=case))
        row[6] += any(
            c.state == "breached" or (c.state == "running" and c.due_on < today) for c in clocks
        )
        for clock in clocks:
            if clock.kind not in {"acknowledge", "respond"} or clock.state not in {
                "met",
                "breached",
            }:
                continue
            at_ = 2 if clock.kind == "acknowledge" else 4
            row[at_] += 1
            if clock.state == "met":
                row[at_ + 1] += timezone.localtime(clock.met_at).date() <= clock.due_on
                row[7 if clock.kind == "acknowledge" else 8].append(clock.working_days)
    return {k: (*v[:7], _median(v[7]), _median(v[8])) for k, v in counts.items()}


def _dates():
    return {"date_from": SPRING["date_from"], "date_to": SPRING["date_to"]}


@pytest.mark.parametrize("role", ["coordinator", "head", "councillor"])
def test_groupings_read_together_equal_a_recount(world, spring, on_20_march, role):
    user = getattr(world, role)
    times = queries.response_times_by(user=user, groups=TOGETHER, **SPRING)
    volumes = queries.volumes_by(user=user, groups=TOGETHER, **SPRING)
    for group in TOGETHER:
        expected = _recount(user, group)
        assert expected, group  # the world has cases in every role's scope
        found = {
            r.key: (
                r.cases,
                v.open_cases,
                r.acknowledge_decided,
                r.acknowledged_on_time,
                r.respond_decided,
                r.responded_on_time,
                r.overdue_now,
                r.median_days_to_acknowledge,
                r.median_days_to_respond,
            )
            for r, v in zip(times[group].rows, volumes[group].rows, strict=True)
        }
        assert found == expected, group
        alone = queries.response_times(user=user, group=group, **SPRING)
        assert alone.rows == times[group].rows, group
    if role == "coordinator":  # the world's figures are not all in one bucket
        assert len(times["month"].rows) == 3 and len(times["directorate"].rows) == 2
        assert sum(r.overdue_now for r in times["department"].rows) >= 3
