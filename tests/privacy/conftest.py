"""Helpers for privacy tests: cases closed at a chosen moment, with a file and a timeline."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import assign
from wardcase.cases import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CLOSED_AT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def live_case(world, *, constituent, subject="Fly-tipping by the garages", owner=None):
    """A case for `constituent` with a file, an officer update and an internal note."""
    owner = owner or world.councillor
    case = services.case_create(
        by=owner,
        owner=owner,
        subject=subject,
        description="Ada says the rubbish is outside 4 Mill Lane.",
        service=world.service,
        constituent=constituent,
        location="Behind 4 Mill Lane",
        files=[SimpleUploadedFile("photo.pdf", PDF)],
    )
    case = assign(world, case)
    services.case_add_event(
        case=case, by=world.officer, kind="full_response", body="Crew cleared it for Ada."
    )
    services.case_add_event(
        case=case, by=world.officer, kind="note", body="Ada has complained before."
    )
    return case


def closed_case(world, *, constituent, at=CLOSED_AT, **kwargs):
    """A case as above, closed by its councillor at `at`."""
    with time_machine.travel(at, tick=False):
        case = live_case(world, constituent=constituent, **kwargs)
        return services.case_close(case=case, by=case.owner, outcome="resolved")


@pytest.fixture
def ada(world):
    """The constituent on the world's first case."""
    return world.case.constituent
