"""Cells for CSV and XLSX files that a spreadsheet shows as text, never runs as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@`
(and, after trimming, a tab or carriage return before one) as a formula, so a case's
location such as `=HYPERLINK(...)` would become a live link or worse when a report is
opened. OWASP's advice for CSV injection is followed: such text is led by an apostrophe,
which spreadsheets show as text and hide. Every exporter passes its cells through here,
and `cell_text` reads such a cell back as the text it was.
"""

from datetime import date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a cell: numbers and empty cells as they are, text never as a formula."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values):
    return [safe_cell(value) for value in values]


def append_text_row(sheet, values):
    """Append `values` to an openpyxl sheet, storing text as strings (data type 's') so that
    openpyxl never takes a string for a formula."""
    sheet.append(safe_row(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def cell_text(value):
    """A cell read from a workbook as stripped text, or None when blank: whole numbers
    without ".0", dates as ISO, and the apostrophe `safe_cell` put before a formula's first
    character taken off again."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.isoformat() if isinstance(value, date) else str(value)
    return formula_unescaped(text).strip() or None


def formula_unescaped(text: str) -> str:
    """`text` without the apostrophe `safe_cell` put before a formula's first character."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
