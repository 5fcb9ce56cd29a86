"""The overdue list's officers' rows, written in Python, are the markup their template wrote.

`templates/officer_rows_reference.html` is the loop the overdue list used until the rows
were written in Python (wardcase.cases.overdue_table); both must give the same markup,
with runs of white space read as one space, as a browser reads them.
"""

import re
from datetime import timedelta
from pathlib import Path

from django.template import engines
from django.utils import timezone

from tests import factories
from tests.conftest import acknowledged, assign
from wardcase.cases.models import Case
from wardcase.cases.overdue_table import (
    officer_rows_html,
    overdue_rows_html,
    summary_officer_rows_html,
)
from wardcase.charter.models import Clock

REFERENCE = Path(__file__).parent / "templates" / "officer_rows_reference.html"
CLOCKS_REFERENCE = Path(__file__).parent / "templates" / "overdue_rows_reference.html"


def _normalised(html):
    return re.sub(r"\s+", " ", str(html)).strip()


def test_the_overdue_lists_officers_are_the_templates_markup(client, world):
    acknowledged(world)
    for username, name in [
        ("o.brien+roads@council.example", "Siobhan O'Brien & Co"),
        ("officer_two-x", "<b>Bold</b> Officer"),
    ]:
        factories.OfficerFactory(username=username, name=name, department=world.department)
    for viewer in (world.coordinator, world.head):
        client.force_login(viewer)
        response = client.get("/charter/overdue/")
        queues = response.context["queues"]
        assert len(queues) >= 4
        ours = officer_rows_html(queues)
        reference = engines["django"].from_string(REFERENCE.read_text())
        assert _normalised(ours) == _normalised(reference.render({"queues": queues}))
        page = response.content.decode()
        assert _normalised(ours) in _normalised(page)
        assert "o.brien%2Broads@council.example" not in page  # as reverse leaves it:
        assert "/queues/o.brien+roads@council.example/" in page
        assert "Siobhan O&#x27;Brien &amp; Co" in page and "&lt;b&gt;Bold" in page


def test_figures_are_grouped_as_the_settings_say(world, settings):
    officer = world.officer
    officer.open_cases, officer.overdue = 12345, 7
    reference = engines["django"].from_string(REFERENCE.read_text())
    for grouped in (False, True):
        settings.USE_THOUSAND_SEPARATOR = grouped
        ours = officer_rows_html([officer])
        assert _normalised(ours) == _normalised(reference.render({"queues": [officer]}))
        assert ("12,345" in ours) is grouped


def test_the_overdue_deadlines_are_the_templates_markup(client, world):
    """Late by one day and by many, escalated or not, with and without a lead officer."""
    case = acknowledged(world)
    Case.objects.filter(pk=case.pk).update(subject='Bins "missed" <again> & again')
    unled = assign(world, world.other_case)
    Case.objects.filter(pk=unled.pk).update(lead_officer=None)  # as when an officer is removed
    clocks = Clock.objects.filter(case__in=[case, unled], state=Clock.State.RUNNING)
    assert 3 <= clocks.count() <= 6
    today = timezone.localdate()
    for late, clock in zip([1, 40, 400, 3, 2, 5], clocks, strict=False):
        clock.due_on = today - timedelta(days=late)
        clock.escalated_at = timezone.now() if late == 40 else None
        clock.save(update_fields=["due_on", "escalated_at"])
    for viewer in (world.coordinator, world.head):
        client.force_login(viewer)
        response = client.get("/charter/overdue/")
        shown = response.context["clocks"]
        assert len(shown) == clocks.count()
        ours = overdue_rows_html(shown)
        reference = engines["django"].from_string(CLOCKS_REFERENCE.read_text())
        assert _normalised(ours) == _normalised(reference.render({"clocks": shown}))
        page = response.content.decode()
        assert _normalised(ours) in _normalised(page)
        for text in (
            "Escalated",
            "None",
            "1 working day late",
            "working days late",
            "&lt;again&gt;",
        ):
            assert text in page, text


SUMMARY_REFERENCE = Path(__file__).parent / "templates" / "summary_officer_rows_reference.html"


def test_the_heads_summary_officers_are_the_templates_markup(client, world, settings):
    acknowledged(world)
    factories.OfficerFactory(
        username="o.brien+roads@council.example",
        name="Siobhan O'Brien & <b>Co</b>",
        department=world.department,
    )
    client.force_login(world.head)
    response = client.get("/")
    officers = response.context["report_panel"]["officers"]
    assert len(officers) >= 2
    reference = engines["django"].from_string(SUMMARY_REFERENCE.read_text())
    for grouped in (False, True):
        settings.USE_THOUSAND_SEPARATOR = grouped
        officers[0].open_cases = 12345
        ours = summary_officer_rows_html(officers)
        assert ours == reference.render({"officers": officers})  # byte for byte
        assert ("12,345" in ours) is grouped
    page = response.content.decode()
    assert "/queues/o.brien+roads@council.example/" in page
    assert "Siobhan O&#x27;Brien &amp; &lt;b&gt;Co" in page
