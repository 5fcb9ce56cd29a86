"""Subject access requests: due dates, and an export of everything held on one person."""

import io
import json
import zipfile
from datetime import date

import pytest
import time_machine

from tests.privacy.conftest import PDF, closed_case, live_case
from wardcase.audit.models import AuditEntry
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.privacy import services
from wardcase.privacy.models import one_calendar_month_after


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 3), date(2026, 10, 3)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_due_one_calendar_month_later(received, due):
    """Due the same date next month, or that month's last day when it has no such date."""
    assert one_calendar_month_after(received) == due


def test_a_coordinator_opens_a_request_due_in_a_month(world, ada):
    """The request records who received it and when it is due; it is audited."""
    request = services.access_request_open(
        constituent=ada, by=world.coordinator, requested_at=date(2026, 3, 31)
    )
    assert request.due_on == date(2026, 4, 30)
    assert request.received_by == world.coordinator
    assert AuditEntry.objects.filter(action="privacy.access_request_opened").count() == 1


@pytest.mark.parametrize("role", ["councillor", "caseworker", "officer", "head"])
def test_other_roles_cannot_open_a_request(world, ada, role):
    """Only coordinators and administrators handle subject access."""
    with pytest.raises(ActionNotAllowed):
        services.access_request_open(
            constituent=ada, by=getattr(world, role), requested_at=date(2026, 3, 1)
        )


def test_a_request_cannot_be_dated_in_the_future(world, ada):
    """A received date after today is refused on its field."""
    with time_machine.travel("2026-03-01 12:00Z"), pytest.raises(ServiceError) as error:
        services.access_request_open(
            constituent=ada, by=world.coordinator, requested_at=date(2026, 3, 2)
        )
    assert error.value.field == "requested_at"


def unzip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("data.json"))


def test_the_export_holds_everything_on_the_person(world, ada):
    """JSON with the person, every case and its timeline (internal notes marked), the files
    and a PDF with pages; another constituent's data is not in it."""
    closed_case(world, constituent=ada)
    live_case(world, constituent=ada, subject="Noisy neighbours", owner=world.other_councillor)
    request = services.access_request_open(
        constituent=ada, by=world.administrator, requested_at=date(2026, 3, 1)
    )
    archive, data = unzip(services.access_request_export(request=request, by=world.administrator))
    assert data["person"]["name"] == "Ada Resident"
    assert data["person"]["email"] == "ada@example.org"
    assert {case["subject"] for case in data["cases"]} == {
        "Pothole on Mill Lane",
        "Fly-tipping by the garages",
        "Noisy neighbours",
    }
    notes = [
        entry
        for case in data["cases"]
        for entry in case["timeline"]
        if entry["text"] == "Ada has complained before."
    ]
    assert len(notes) == 2 and all(entry["internal"] for entry in notes)
    files = [name for name in archive.namelist() if name.startswith("attachments/")]
    assert len(files) == 2 and all(archive.read(name) == PDF for name in files)
    assert "Bob Resident" not in archive.read("data.json").decode()
    pdf = archive.read("report.pdf")
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    exported = AuditEntry.objects.filter(action="privacy.access_request_exported")
    assert exported.filter(case__isnull=True).count() == 1
    assert exported.filter(case__isnull=False).count() == 3


def test_the_pdf_has_pages(world, ada):
    """WeasyPrint lays the report out on at least one page."""
    import weasyprint
    from django.template.loader import render_to_string

    request = services.access_request_open(
        constituent=ada, by=world.coordinator, requested_at=date(2026, 3, 1)
    )
    _archive, data = unzip(services.access_request_export(request=request, by=world.coordinator))
    html = render_to_string("privacy/export_report.html", {"export": data})
    document = weasyprint.HTML(string=html).render()
    assert len(document.pages) >= 1
    assert "Pothole on Mill Lane" in html


def test_fulfilling_a_request_records_when(world, ada):
    """A fulfilled request leaves the open list and keeps its first fulfilment date."""
    request = services.access_request_open(
        constituent=ada, by=world.coordinator, requested_at=date(2026, 3, 1)
    )
    first = services.access_request_fulfil(request=request, by=world.coordinator).fulfilled_at
    again = services.access_request_fulfil(request=request, by=world.coordinator).fulfilled_at
    assert first is not None and first == again


def test_a_departing_councillors_export_holds_their_cases_without_internal_notes(world):
    """The councillor's ZIP has each of their cases, not colleagues' cases or staff notes."""
    live_case(world, constituent={"name": "Eve Resident"})
    archive, data = unzip(
        services.councillor_export(councillor=world.councillor, by=world.coordinator)
    )
    assert {case["constituent"]["name"] for case in data["cases"]} == {
        "Ada Resident",
        "Eve Resident",
    }
    assert not any(entry["internal"] for case in data["cases"] for entry in case["timeline"])
    assert "Ada has complained before." not in archive.read("data.json").decode()
    assert archive.read("report.pdf").startswith(b"%PDF")
