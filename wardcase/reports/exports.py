"""A report document as PDF (WeasyPrint), XLSX (openpyxl) or CSV, for downloads and the
`report` command. Each is made from the same Document the page shows."""

import csv
import io
import logging

from django.template.loader import render_to_string

from wardcase.core.spreadsheets import append_text_row, safe_row

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

PDF_CSS = """
@page { size: A4 landscape; margin: 15mm;
        @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #0b0c0c; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 16pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #b1b4b6; padding: 3pt; }
svg { width: 160mm; height: auto; }
.note { color: #505a5f; }
"""


def filename(document, wanted):
    return f"{document.slug}-{document.date_from:%Y%m%d}-{document.date_to:%Y%m%d}.{wanted}"


def export(document, wanted):
    """The document's bytes in the format wanted, and its content type."""
    return {"pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv}[wanted](document), FORMATS[wanted]


def to_pdf(document):
    import weasyprint  # imported here: loading pango takes a moment and only PDFs need it

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = render_to_string("reports/document_pdf.html", {"document": document})
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=PDF_CSS)])


def to_xlsx(document):
    """One sheet per section, figures as numbers so they can be charted and summed; text
    is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for section in document.sections:
        sheet = book.create_sheet(title=section.title[:31])
        append_text_row(sheet, [document.title, document.period])
        sheet.append([])
        append_text_row(sheet, [str(c) for c in section.columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in section.rows:
            append_text_row(sheet, [None if value == "" else value for value in row])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(document):
    """Each section: its header row, its rows led by the section title, then a blank row;
    no cell starts a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for section in document.sections:
        writer.writerow(safe_row(["Section", *[str(c) for c in section.columns]]))
        for row in section.rows:
            writer.writerow(safe_row([section.title, *row]))
        writer.writerow([])
    return buffer.getvalue().encode("utf-8")
