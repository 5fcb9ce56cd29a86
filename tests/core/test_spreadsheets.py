"""Reading a workbook cell back as text."""

from datetime import date, datetime

import pytest

from wardcase.core.spreadsheets import cell_text, safe_cell


@pytest.mark.parametrize(
    "value, text",
    [
        (None, None),
        ("  ", None),
        ("  Abbey ", "Abbey"),
        (12345, "12345"),
        (7.0, "7"),
        (2.5, "2.5"),
        (date(2024, 3, 31), "2024-03-31"),
        (datetime(2024, 3, 31, 9, 30), "2024-03-31T09:30:00"),
        ("'quoted", "'quoted"),
    ],
)
def test_a_cell_reads_as_text_or_none_when_blank(value, text):
    """Blank is None; numbers lose a trailing .0; dates are ISO; other text is kept."""
    assert cell_text(value) == text


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+44 20 7946 0000", "-1", "@home"])
def test_text_written_safe_reads_back_as_it_was(text):
    """The apostrophe `safe_cell` puts before a formula's first character comes off again."""
    assert safe_cell(text) != text
    assert cell_text(safe_cell(text)) == text
