"""The lists' table of cases, written in Python, is the markup its template wrote.

`templates/case_table_reference.html` is the template the home pages and queues used
until the rows were written in Python (wardcase.cases.case_table). Each role's real home
page, with every kind of row, is rendered both ways; they must match with runs of white
space read as one space, as a browser reads them.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from tests.conftest import acknowledged, assign
from wardcase.cases import services
from wardcase.cases.case_table import case_table_html
from wardcase.cases.choices import EventKind, Priority
from wardcase.cases.models import Case

REFERENCE = Path(__file__).parent / "templates" / "case_table_reference.html"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _normalised(html):
    html = CSRF.sub('name="csrfmiddlewaretoken" value="token"', str(html))
    return re.sub(r"\s+", " ", html).strip()


def _reference(section, request, show_owner):
    template = engines["django"].from_string(REFERENCE.read_text())
    return template.render({"section": section, "show_owner": show_owner}, request=request)


@pytest.fixture
def every_kind_of_row(world):
    """Cases that between them take every branch of a row."""
    case = acknowledged(world)
    services.case_add_event(
        case=case,
        by=world.officer,
        kind=EventKind.UPDATE,
        body="Inspected <b>today</b> & marked for repair; " + "the crew is booked. " * 10,
    )
    services.case_propose_closure(case=case, by=world.officer, reason="Filled.")
    chased = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject='Bins "missed" <again>',
        description="Third week running.",
        service=world.service,
        priority=Priority.URGENT,
        constituent={"name": "O'Neill & Sons"},
    )
    assign(world, chased)
    services.case_chase(case=chased, by=world.councillor, message="Any news?")
    paused = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="Own query about parking",
        description="No constituent.",
        service=world.service,
        priority=Priority.HIGH,
        own_query=True,
    )
    services.case_pause(
        case=services.case_acknowledge(case=assign(world, paused), by=world.officer),
        by=world.officer,
        reason="Waiting for photos.",
    )
    overdue = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="Old fly-tipping",
        description="Still there.",
        service=world.service,
        constituent={"name": "Dee Resident"},
    )
    Case.objects.filter(pk=overdue.pk).update(
        ward=world.ward, created_at=timezone.now() - timedelta(days=9)
    )
    colleagues = services.case_create(
        by=world.other_councillor,
        owner=world.other_councillor,
        subject="Colleague's case",
        description="In the same ward.",
        service=world.service,
        constituent={"name": "Eve Resident"},
    )
    Case.objects.filter(pk=colleagues.pk).update(ward=None)
    return world


@pytest.mark.parametrize(
    "role", ["councillor", "caseworker", "coordinator", "officer", "head", "other_councillor"]
)
def test_each_home_page_table_is_the_templates_markup(client, every_kind_of_row, role):
    user = getattr(every_kind_of_row, role)
    client.force_login(user)
    response = client.get("/")
    sections = [s for s in response.context["sections"] if s["cases"]]
    assert sections, "every role here has cases listed"
    show_owner = response.context.get("show_owner", False)
    request = response.wsgi_request
    for section in sections:
        ours = case_table_html(section, request=request, show_owner=show_owner)
        assert _normalised(ours) == _normalised(_reference(section, request, show_owner))
        assert _normalised(ours) in _normalised(response.content.decode())


def test_the_tables_cover_every_kind_of_row(client, every_kind_of_row):
    """The comparison above is only as good as the rows it compares."""
    world = every_kind_of_row
    pages = ""
    for user in (world.councillor, world.coordinator, world.officer):
        client.force_login(user)
        pages += client.get("/").content.decode()
    for shown in (
        "Closure proposed",  # the status's second tag
        "Close the case",  # ready to close
        "Request an update",  # the chase form
        "Update requested",  # chased, in the officer's queue
        "Urgent",
        "High",
        "Own query",
        "&lt;b&gt;today&lt;/b&gt; &amp; marked",  # a response, escaped and cut short
        "Bins &quot;missed&quot; &lt;again&gt;",
        "O&#x27;Neill &amp; Sons",
        "Paused",  # a paused clock's line
        "9 days",  # a triage row's age
        "Logged today",
        "North Ward",
        "Ward not known",
        "No response yet",
        "Cllr Two",  # another councillor's case, named
    ):
        assert shown in pages, shown


def test_a_hostile_page_address_is_encoded_in_the_close_link(every_kind_of_row):
    world = every_kind_of_row
    request = RequestFactory().get("/", {"status": 'open"><script>'})
    request.user = world.councillor
    case = Case.objects.get(closure_proposed_at__isnull=False)
    case.wc_can_close, case.wc_can_chase = True, True
    section = {"key": "to_close", "title": "Ready to close", "cases": [case]}
    html = str(case_table_html(section, request=request))
    assert "<script>" not in html
    assert "?next=/%3Fstatus%3Dopen%2522%253E%253Cscript%253E" in html
    assert _normalised(html) == _normalised(_reference(section, request, False))
