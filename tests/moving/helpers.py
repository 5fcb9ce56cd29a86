"""Case files for the import tests, written as a council's old system would."""

import csv
import io

from wardcase.moving.columns import COLUMNS
from wardcase.moving.reading import table_read


def row(**values):
    """A valid closed case unless told otherwise."""
    base = {
        "reference": "SIEBEL-1",
        "logged_on": "02/01/2024",
        "councillor": "cllr.one",
        "constituent_name": "Edna Example",
        "address": "1 High Street",
        "postcode": "TE1 1ST",
        "email": "edna@example.org",
        "phone": "01632 960001",
        "subject": "Fly-tipping on Back Lane",
        "description": "Mattresses dumped again.",
        "service": "Potholes",
        "department": "Highways",
        "officer": "officer",
        "status": "closed",
        "acknowledged_on": "2024-01-03",
        "responded_on": "10/01/2024",
        "closed_on": "2024-01-20",
        "outcome": "resolved",
        "notes": "Called the resident.",
    }
    base.update(values)
    return base


def csv_bytes(rows, columns=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def table_of(rows, columns=COLUMNS):
    return table_read(source=io.BytesIO(csv_bytes(rows, columns)), name="old.csv")
