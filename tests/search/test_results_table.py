"""The search results' table, written in Python, is the markup its template wrote.

`templates/results_table_reference.html` is the template the search page used until the
rows were written in Python (wardcase.search.templatetags.search_results). A real page of
results, with every kind of row, is rendered both ways; they must match with runs of
white space read as one space, as a browser reads them, and the rows must need nothing
the page did not load.
"""

import re
from pathlib import Path

import pytest
from django.template import engines

from tests.conftest import acknowledged, assign
from wardcase.cases import services
from wardcase.search.selectors import search_results, with_snippets
from wardcase.search.templatetags.search_results import search_results_table

REFERENCE = Path(__file__).parent / "templates" / "results_table_reference.html"


def _normalised(html):
    return re.sub(r"\s+", " ", str(html)).strip()


@pytest.fixture
def every_kind_of_row(world):
    """Cases about a hedge that between them take every branch of a row: new (no
    deadlines), assigned and acknowledged (deadlines on track), paused, proposed for
    closure, closed, and a subject and description full of markup."""
    world.case.subject, world.case.description = "Hedge over the path", "A hedge, again."
    world.case.save()
    services.case_propose_closure(case=acknowledged(world), by=world.officer, reason="Cut.")

    def logged(subject, description="The hedge blocks the pavement."):
        return services.case_create(
            by=world.councillor,
            owner=world.councillor,
            subject=subject,
            description=description,
            service=world.service,
            constituent={"name": "O'Neill & Sons"},
        )

    logged('Hedge "again" <b>bold</b> & more', "<script>alert('hedge')</script>")
    paused = assign(world, logged("Hedge by the school"))
    services.case_pause(case=paused, by=world.officer, reason="Waiting for the owner.")
    done = assign(world, logged("Hedge cut, thank you"))
    services.case_close(case=done, by=world.councillor, outcome="resolved")
    logged("Hedge not yet routed")


@pytest.mark.usefixtures("every_kind_of_row")
@pytest.mark.parametrize("role", ["councillor", "officer", "coordinator"])
def test_results_table_is_the_templates_markup(world, role, django_assert_num_queries):
    user = getattr(world, role)
    results = search_results(user=user, query="hedge")
    cases = with_snippets(cases=list(results[0:20]), user=user, query="hedge")
    assert len(cases) >= 3, "the search should find the hedge cases this role may see"
    assert any(getattr(case, "live_clocks", None) for case in cases)
    assert any("<mark>" in case.search_snippet for case in cases)

    with django_assert_num_queries(0):  # a row reads nothing its page did not load
        written = search_results_table(cases)
    template = engines["django"].from_string(REFERENCE.read_text())
    assert _normalised(written) == _normalised(template.render({"results": cases}))
    assert "<script>" not in written
    if role == "councillor":  # the unrouted case with markup in it is the owner's alone
        assert "&lt;b&gt;bold&lt;/b&gt;" in written
