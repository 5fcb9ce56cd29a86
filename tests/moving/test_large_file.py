"""A 10,000-row file with deliberate errors of every kind: the exact report, then the
valid rows imported, and a re-run that creates nothing."""

import datetime as dt

import time_machine

from tests.moving.helpers import row, table_of
from wardcase.cases.models import Case
from wardcase.moving.columns import ColumnMap
from wardcase.moving.services import cases_import

NOW = dt.datetime(2024, 6, 3, 10, tzinfo=dt.UTC)
ROWS = 10_000
EVERY = 50  # one row in 50 is broken: 200 broken rows, each kind about 11 times

# (what is changed in the row, the column reported, the message)
BROKEN = [
    ({"subject": ""}, "subject", "subject is missing"),
    ({"reference": ""}, "reference", "reference is missing"),
    (
        {"logged_on": "03/31/2024"},
        "logged_on",
        "“03/31/2024” is not a date: write 2024-03-31 or 31/03/2024 (day first)",
    ),
    (
        {"logged_on": "31/02/2024"},
        "logged_on",
        "“31/02/2024” is not a date: write 2024-03-31 or 31/03/2024 (day first)",
    ),
    ({"closed_on": "2025-01-01"}, "closed_on", "2025-01-01 is in the future"),
    (
        {"acknowledged_on": "2023-12-01"},
        "acknowledged_on",
        "before the case was logged (2024-01-02)",
    ),
    (
        {"councillor": "cllr.onne"},
        "councillor",
        "unknown councillor “cllr.onne” - did you mean “cllr.one”?",
    ),
    ({"councillor": "nobody at all"}, "councillor", "unknown councillor “nobody at all”"),
    ({"service": "Pot holes"}, "service", "unknown service “Pot holes” - did you mean “Potholes”?"),
    (
        {"department": "Highway"},
        "department",
        "unknown department “Highway” - did you mean “Highways”?",
    ),
    (
        {"officer": "Officer Onne"},
        "officer",
        "unknown officer “Officer Onne” - did you mean “Officer One”?",
    ),
    ({"officer": "officer.housing"}, "officer", "officer.housing is not in Highways"),
    ({"status": "pending"}, "status", "“pending” is not a status: write open or closed"),
    (
        {"outcome": "sorted"},
        "outcome",
        "“sorted” is not an outcome: write one of resolved, not_resolved, withdrawn, duplicate",
    ),
    ({"closed_on": ""}, "closed_on", "a closed case needs the date it was closed"),
    ({"status": "open", "outcome": ""}, "closed_on", "an open case has no closed_on"),
    ({"postcode": "XX99 ZZZ"}, "postcode", "“XX99 ZZZ” is not a UK postcode"),
    ({"email": "edna.example.org"}, "email", "“edna.example.org” is not an email address"),
    ({"subject": "x" * 201}, "subject", "longer than 200 characters"),
]


def _file():
    rows, expected = [], []
    for index in range(ROWS):
        line = index + 2  # the heading is line 1
        data = row(
            reference=f"SIEBEL-{index:05d}",
            constituent_name=f"Person {index % 3000}",
            email=f"person{index % 3000}@example.org",
            phone="",
            postcode="",
        )
        if index % EVERY == EVERY - 1:  # broken: a closed case with one thing wrong
            change, column, message = BROKEN[(index // EVERY) % len(BROKEN)]
            data.update(change)
            expected.append((line, column, message))
        elif index % 3 == 0:
            data.update(status="open", closed_on="", outcome="")
        rows.append(data)
    rows.append(row(reference="SIEBEL-00000"))  # the same reference twice
    expected.append((ROWS + 2, "reference", "the same reference as line 2"))
    return rows, expected


def test_ten_thousand_rows_with_every_kind_of_error(world):
    """The report lists exactly the broken rows, each with its line, column and why;
    nothing is imported until --skip-invalid; then every valid row is, once."""
    rows, expected = _file()
    with time_machine.travel(NOW, tick=False):
        result = cases_import(table=table_of(rows), column_map=ColumnMap(), by=None, name="big.csv")
        got = [(p.line, p.column, p.message) for p in result.problems]
        assert got == expected
        assert (result.rows, result.rejected, result.imported) == (ROWS + 1, 201, 0)
        assert not Case.objects.filter(legacy_reference__isnull=False).exists()

        result = cases_import(
            table=table_of(rows), column_map=ColumnMap(), by=None, name="big.csv", skip_invalid=True
        )
        assert result.imported == ROWS - 200
        imported = Case.objects.filter(legacy_reference__isnull=False)
        assert imported.count() == ROWS - 200
        broken = {line for line, _column, _message in expected}
        people = {r["email"] for line, r in enumerate(rows, start=2) if line not in broken}
        assert imported.values("constituent").distinct().count() == len(people) == 2940

        again = cases_import(
            table=table_of(rows), column_map=ColumnMap(), by=None, name="big.csv", skip_invalid=True
        )
        assert (again.imported, again.already_imported) == (0, ROWS - 200)
        assert imported.count() == ROWS - 200
