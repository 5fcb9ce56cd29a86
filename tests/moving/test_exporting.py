"""Leaving Wardcase: export every case, import it into an empty database, export again."""

import io

import pytest
from django.core.management import call_command

from tests.conftest import acknowledged
from tests.moving.helpers import row, table_of
from wardcase.audit.models import AuditEntry
from wardcase.cases.models import Case, CaseEvent, CaseLink, CaseShare
from wardcase.charter.models import Clock
from wardcase.constituents.models import Constituent
from wardcase.mail.models import OutboxMessage
from wardcase.moving.columns import COLUMNS, ColumnMap
from wardcase.moving.reading import table_read
from wardcase.moving.services import cases_export, cases_import
from wardcase.search.models import SearchDocument


def _empty_the_cases():
    """An empty database of cases, the council and its people kept."""
    for model in (AuditEntry, OutboxMessage, SearchDocument, Clock, CaseShare, CaseLink):
        model.objects.all().delete()
    CaseEvent.objects.all().delete()
    Case.objects.all().delete()
    Constituent.objects.all().delete()


def _rows(data, fmt):
    table = table_read(source=io.BytesIO(data), name=f"cases.{fmt}")
    assert table.headings == list(COLUMNS)
    return [cells for _line, cells in table.rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_round_trips_every_column(world, fmt):
    """Every column of every case comes back equal, native and imported cases alike."""
    acknowledged(world)
    cases_import(
        table=table_of(
            [
                row(),
                row(
                    reference="OPEN-1",
                    status="open",
                    closed_on="",
                    outcome="",
                    responded_on="",
                    notes="",
                    officer="",
                    address="Flat 2\nMill House",
                ),
                row(
                    reference="NEW-1",
                    status="open",
                    closed_on="",
                    outcome="",
                    acknowledged_on="",
                    responded_on="",
                    department="",
                    officer="",
                    email="",
                    phone="",
                    postcode="",
                    councillor="cllr.two",
                ),
            ]
        ),
        column_map=ColumnMap(),
        by=None,
        name="old.csv",
    )
    first = io.BytesIO()
    assert cases_export(by=world.administrator, fmt=fmt, out=first) == 5
    _empty_the_cases()
    result = cases_import(
        table=table_read(source=io.BytesIO(first.getvalue()), name=f"cases.{fmt}"),
        column_map=ColumnMap(),
        by=world.administrator,
        name=f"cases.{fmt}",
    )
    assert (result.problems, result.imported) == ([], 5)
    second = io.BytesIO()
    cases_export(by=None, fmt=fmt, out=second)
    before, after = _rows(first.getvalue(), fmt), _rows(second.getvalue(), fmt)
    assert len(before) == 5
    assert after == before
    assert {r[0] for r in before} >= {"SIEBEL-1", "OPEN-1", "NEW-1", world.case.reference}


def test_the_export_command_writes_the_columns(world, tmp_path):
    out = tmp_path / "cases.csv"
    call_command("export_cases", "--format", "csv", "--output", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 3 and world.case.reference in out.read_text(encoding="utf-8")


def test_other_users_cannot_export(world):
    from wardcase.core.errors import ActionNotAllowed

    with pytest.raises(ActionNotAllowed):
        cases_export(by=world.coordinator, fmt="csv", out=io.BytesIO())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_never_hands_a_spreadsheet_a_formula_and_reads_back_the_same(world, fmt):
    """A cell starting with = or + (a phone in international form too) is led by an
    apostrophe, so a spreadsheet shows it as text; importing the file takes it off again."""
    formula = '=HYPERLINK("http://evil.invalid","Click")'
    cases_import(
        table=table_of([row(reference="F-1", subject=formula, phone="+44 7700 900123")]),
        column_map=ColumnMap(),
        by=None,
        name="old.csv",
    )
    exported = io.BytesIO()
    cases_export(by=None, fmt=fmt, out=exported)
    if fmt == "csv":
        raw = exported.getvalue().decode("utf-8")
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(exported.getvalue())).worksheets[0]
        raw = "\n".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r)
    assert "'=HYPERLINK" in raw.replace('""', '"') and "'+44 7700 900123" in raw
    assert "\n=" not in raw and ",=" not in raw

    _empty_the_cases()
    result = cases_import(
        table=table_read(source=io.BytesIO(exported.getvalue()), name=f"cases.{fmt}"),
        column_map=ColumnMap(),
        by=None,
        name=f"cases.{fmt}",
    )
    assert result.problems == []
    case = Case.objects.get(legacy_reference="F-1")
    assert case.subject == formula
    assert case.constituent.phone == "+44 7700 900123"
