"""The quarterly and enquiry-types reports as PDF, XLSX and CSV, and the `report` command."""

import csv
import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from PIL import Image

from tests.reports.test_pages import PERIOD
from tests.reports.test_queries import MARCH
from wardcase.reports import documents, exports


def _quarterly(world):
    return documents.quarterly(user=world.coordinator, **MARCH)


def test_the_xlsx_holds_the_figures(world, march, on_20_march):
    """One sheet per section; Highways' response times as numbers."""
    book = load_workbook(io.BytesIO(exports.to_xlsx(_quarterly(world))))
    sheet = book["Response times by department"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Highways"] == ("Highways", 4, 2.5, 75, 4, 100, 3)
    assert book["Hot spots"]["A4"].value == "Mill Lane"


def test_the_csv_parses_with_every_section(world, march, on_20_march):
    rows = list(csv.reader(io.StringIO(exports.to_csv(_quarterly(world)).decode())))
    highways = [r for r in rows if r[:2] == ["Response times by department", "Highways"]]
    assert highways == [
        ["Response times by department", "Highways", "4", "2.5", "75.0", "4.0", "100.0", "3"]
    ]
    assert ["Cases by ward", "North Ward", "5", "5"] in rows


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils' pdftoppm")
def test_the_pdf_renders_a_page_that_is_not_blank(world, march, on_20_march, tmp_path):
    """The PDF opens in poppler, and its first page has ink on it: text and bars."""
    pdf = exports.to_pdf(_quarterly(world))
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "report.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    (page,) = tmp_path.glob("page*.png")
    image = Image.open(page).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 200)
    blue = sum(n for n, (r, g, b) in colours if b > 150 and r < 80)
    assert dark > 500, "no text drawn"
    assert blue > 100, "no chart bars drawn"
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "report.pdf", "-"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Quarterly performance report" in text
    assert "Highways" in text


def test_the_page_offers_downloads_that_match(client, world, march, on_20_march):
    client.force_login(world.coordinator)
    page = client.get("/reports/quarterly/", PERIOD)
    assert page.status_code == 200
    assert "Download XLSX" in page.content.decode()
    download = client.get("/reports/quarterly/", {**PERIOD, "format": "csv"})
    assert download["Content-Disposition"] == (
        'attachment; filename="quarterly-20260301-20260331.csv"'
    )
    assert download.content == exports.to_csv(_quarterly(world))


def test_the_enquiry_types_report_counts_by_enquirer_and_channel(client, world, march):
    client.force_login(world.coordinator)
    document = client.get("/reports/enquiry-types/", PERIOD).context["document"]
    sections = {s.slug: {r[0]: r[1] for r in s.rows} for s in document.sections}
    assert sections["enquirer-type"] == {"Councillor": 5}
    assert sections["channel"] == {"Email": 4, "Phone": 1}
    assert "councillor" not in sections


def test_the_report_command_writes_the_file(world, march, on_20_march, tmp_path):
    out = tmp_path / "q.xlsx"
    call_command(
        "report",
        "quarterly",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    book = load_workbook(out)
    assert "Response times by department" in book.sheetnames
