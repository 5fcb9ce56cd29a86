"""Importing cases from another system: the invariants of a case logged through the services."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.moving.helpers import csv_bytes, row, table_of
from wardcase.audit.models import AuditEntry
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case
from wardcase.cases.services.charter_sweep import sla_sweep
from wardcase.charter.models import Clock
from wardcase.constituents.models import Constituent
from wardcase.core.errors import ActionNotAllowed
from wardcase.mail.models import OutboxMessage
from wardcase.moving.columns import ColumnMap, column_map_parse
from wardcase.moving.services import cases_import
from wardcase.search.selectors import search_cases

NOW = dt.datetime(2024, 6, 3, 10, tzinfo=dt.UTC)


def run(rows, **kwargs):
    kwargs.setdefault("by", None)
    return cases_import(
        table=table_of(rows),
        column_map=kwargs.pop("column_map", ColumnMap()),
        name="old.csv",
        **kwargs,
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_closed_case_arrives_closed_with_its_real_dates(world, frozen):
    """A closed case keeps its dates and outcome; its clocks are met from those dates."""
    result = run([row()])
    assert (result.imported, result.problems) == (1, [])
    case = Case.objects.get(legacy_reference="SIEBEL-1")
    assert case.status == Status.CLOSED and case.outcome == "resolved"
    assert case.created_at.date() == dt.date(2024, 1, 2)
    assert case.reference == "WC-2024-000001"  # numbered in the year it was logged
    assert case.closed_at.date() == dt.date(2024, 1, 20)
    assert (case.owner, case.lead_officer, case.department) == (
        world.councillor,
        world.officer,
        world.department,
    )
    clocks = {c.kind: c for c in case.clocks.all()}
    assert clocks["acknowledge"].state == Clock.State.MET
    assert clocks["acknowledge"].working_days == 1
    assert clocks["respond"].state == Clock.State.MET and clocks["respond"].breached_at is None
    assert clocks["resolve"].met_at == case.closed_at
    assert all(c.reminded_at is None for c in clocks.values())
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["assigned", "note", "acknowledged", "full_response", "closed", "imported"]
    imported = case.events.get(kind=EventKind.IMPORTED)
    assert "old.csv" in imported.body and "SIEBEL-1" in imported.body
    entry = AuditEntry.objects.get(case=case)
    assert entry.action == "case.imported" and entry.detail["file"] == "old.csv"
    assert AuditEntry.objects.filter(action="council.cases_imported").count() == 1


def test_a_late_response_is_recorded_as_breached(world, frozen):
    """A full response after its due date is met late: the breach stays on record."""
    run([row(responded_on="2024-01-19", closed_on="2024-01-20")])
    respond = Clock.objects.get(kind="respond")
    assert respond.state == Clock.State.MET and respond.breached_at is not None


def test_an_open_case_reminds_only_from_the_import(world, frozen):
    """An open case's clocks run from its logged date; dates already past are marked as
    the sweep would have, so the first sweep sends nothing about them."""
    run(
        [
            row(
                reference="OLD",
                status="open",
                acknowledged_on="",
                responded_on="",
                closed_on="",
                outcome="",
            ),
            row(
                reference="NEW",
                logged_on="2024-05-31",
                status="open",
                acknowledged_on="",
                responded_on="",
                closed_on="",
                outcome="",
            ),
        ]
    )
    old = Case.objects.get(legacy_reference="OLD")
    assert old.status == Status.ASSIGNED
    acknowledge = old.clocks.get(kind="acknowledge")
    assert acknowledge.state == Clock.State.BREACHED and acknowledge.reminded_at is not None
    new = Case.objects.get(legacy_reference="NEW")
    assert new.acknowledge_due == dt.date(2024, 6, 5)
    assert new.clocks.get(kind="acknowledge").reminded_at is None
    result = sla_sweep(at=NOW + dt.timedelta(days=1))  # the day before NEW is due
    assert (result.breached, result.escalated, result.reminded) == (0, 0, 1)
    assert not old.events.filter(kind__in=["reminder", "escalated", "deadline_missed"]).exists()
    assert new.events.filter(kind="reminder").exists()


def test_closed_cases_are_never_reminded(world, frozen):
    """However late its clocks were, a closed imported case is never reminded."""
    run([row(acknowledged_on="", responded_on="", closed_on="2024-05-01")])
    case = Case.objects.get(legacy_reference="SIEBEL-1")
    assert set(case.clocks.values_list("state", flat=True)) == {"stopped", "met"}
    before = OutboxMessage.objects.count()
    for day in range(0, 60, 7):
        sla_sweep(at=NOW + dt.timedelta(days=day))
    assert OutboxMessage.objects.count() == before
    assert not case.events.filter(kind__in=["reminder", "escalated", "deadline_missed"]).exists()


def test_re_running_creates_no_duplicates(world, frozen):
    """The same file again is keyed by the old reference: nothing new."""
    rows = [row(reference=f"R{i}", email=f"p{i}@example.org", phone="") for i in range(5)]
    assert run(rows).imported == 5
    again = run(rows)
    assert (again.imported, again.already_imported) == (0, 5)
    assert Case.objects.filter(legacy_reference__isnull=False).count() == 5


def test_constituents_are_matched_as_duplicate_detection_matches_them(world, frozen):
    """Ada is already known (same email); two rows for Edna make one Edna."""
    run(
        [
            row(
                reference="A",
                constituent_name="Mrs Ada Resident",
                email="ADA@example.org",
                postcode="",
                phone="",
            ),
            row(reference="B"),
            row(reference="C", email="", postcode="TE1 1ST"),
        ]
    )
    ada = Case.objects.get(legacy_reference="A").constituent
    assert ada == world.case.constituent
    assert (
        Case.objects.get(legacy_reference="B").constituent
        == Case.objects.get(legacy_reference="C").constituent
    )
    assert Constituent.objects.filter(name="Edna Example").count() == 1


def test_the_old_reference_is_searchable(world, frozen):
    """Searching for the old system's reference finds the case."""
    run([row(reference="LN-77421", councillor="cllr.one")])
    found = search_cases(user=world.councillor, query="LN-77421", filters={})
    assert [c.legacy_reference for c in found] == ["LN-77421"]


def test_a_mapping_renames_and_fixes_columns(world, frozen):
    """Columns may be renamed, and filled with a fixed value."""
    column_map = column_map_parse(text="reference: Case No\nstatus: {value: open}\n")
    data = row(reference="", status="", closed_on="", outcome="")
    data["Case No"] = "MAP-1"
    columns = ["Case No", *[c for c in data if c not in {"Case No", "reference", "status"}]]
    result = cases_import(
        table=table_of([data], columns), column_map=column_map, by=None, name="m.csv"
    )
    assert result.problems == [] and result.imported == 1
    assert Case.objects.get(legacy_reference="MAP-1").status == Status.RESPONDED


def test_a_file_with_errors_imports_nothing_unless_skip_invalid(world, frozen):
    rows = [row(reference="GOOD"), row(reference="BAD", councillor="cllr.nobody")]
    result = run(rows)
    assert (result.valid, result.rejected, result.imported) == (1, 1, 0)
    assert not Case.objects.filter(legacy_reference__isnull=False).exists()
    result = run(rows, skip_invalid=True)
    assert result.imported == 1
    assert list(
        Case.objects.filter(legacy_reference__isnull=False).values_list(
            "legacy_reference", flat=True
        )
    ) == ["GOOD"]


def test_a_dry_run_writes_nothing(world, frozen):
    result = run([row()], dry_run=True)
    assert result.to_import == 1 and result.imported == 0
    assert not Case.objects.filter(legacy_reference__isnull=False).exists()


def test_only_administrators_import(world):
    with pytest.raises(ActionNotAllowed):
        run([row()], by=world.coordinator)


def test_the_command_imports_reports_and_refuses_a_file_with_errors(
    world, frozen, tmp_path, capsys
):
    path = tmp_path / "old.csv"
    path.write_bytes(csv_bytes([row(), row(reference="X", logged_on="03/31/2024")]))
    report = tmp_path / "report.csv"
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_cases", str(path), "--report", str(report))
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("3,X,logged_on,“03/31/2024” is not a date")
    call_command("import_cases", str(path), "--skip-invalid")
    assert Case.objects.filter(legacy_reference="SIEBEL-1").exists()
    assert "importing: [" in capsys.readouterr().err


def test_imported_closed_cases_count_in_their_own_quarter(world, frozen):
    """Cases closed in the old system count in the quarterly report for the quarter they
    were logged in, with their response times; none in the quarter of the import."""
    from wardcase.reports import queries

    run(
        [
            row(reference="Q1-A", logged_on="2024-01-02", acknowledged_on="2024-01-03"),
            row(
                reference="Q1-B",
                logged_on="2024-02-01",
                acknowledged_on="2024-02-20",
                responded_on="2024-02-21",
                closed_on="2024-03-01",
            ),
            row(
                reference="Q4",
                logged_on="2023-11-01",
                acknowledged_on="2023-11-02",
                responded_on="2023-11-03",
                closed_on="2023-11-04",
            ),
        ]
    )
    q1 = queries.response_times(
        user=world.coordinator, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)
    )
    [highways] = [r for r in q1.rows if r.label == "Highways"]
    assert (highways.cases, highways.acknowledge_decided, highways.acknowledged_on_time) == (
        2,
        2,
        1,
    )
    assert highways.median_days_to_acknowledge == 7.0  # 1 and 13 working days
    q2 = queries.response_times(
        user=world.coordinator, date_from=dt.date(2024, 4, 1), date_to=dt.date(2024, 6, 30)
    )
    assert sum(r.cases for r in q2.rows) == 0  # none in the quarter of the import
    q4 = queries.volumes(
        user=world.coordinator, date_from=dt.date(2023, 10, 1), date_to=dt.date(2023, 12, 31)
    )
    assert sum(r.cases for r in q4.rows) == 1
