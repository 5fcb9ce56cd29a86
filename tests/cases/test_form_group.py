"""The form groups `govuk_field` writes in Python are the templates' markup.

The templates it replaced (label, hint and errors above an input, select, text area or
file input) are kept in tests/cases/templates/fields/ as the reference. Every field the
pages below show is written both ways, from the same context, and compared."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from tests.conftest import assign
from wardcase.cases.templatetags import wardcase as tags

FIELDS = Path(__file__).parent / "templates" / "fields"


@pytest.fixture
def compared(monkeypatch):
    """Each form group written on a page, as (kind, field name); a difference fails."""
    seen = []
    ours = tags._form_group_html

    def both(kind, context):
        written = ours(kind, context)
        reference = engines["django"].from_string((FIELDS / f"{kind}.html").read_text())
        assert written == reference.render(context), context["field"].name
        seen.append((kind, context["field"].name))
        return written

    monkeypatch.setattr(tags, "_form_group_html", both)
    return seen


@pytest.mark.parametrize("role", ["councillor", "officer"])
def test_the_case_page(client, world, compared, role):
    assign(world)
    client.force_login(getattr(world, role))
    response = client.get(reverse("cases:detail", args=[world.case.reference]))
    assert response.status_code == 200
    assert {"textarea", "file"} <= {kind for kind, _name in compared}


def test_log_a_case_blank_and_with_errors(client, world, compared):
    client.force_login(world.councillor)
    assert client.get(reverse("cases:create")).status_code == 200
    blank = len(compared)
    response = client.post(
        reverse("cases:create"), {"subject": "", "email": "not <an> address", "phone": "x"}
    )
    assert response.status_code == 400  # shown again, with what to correct
    assert b"govuk-form-group--error" in response.content
    assert len(compared) > blank
    assert {"input", "select", "textarea"} <= {kind for kind, _name in compared}


def test_the_search_page(client, world, compared):
    client.force_login(world.coordinator)
    response = client.get(reverse("search:search"), {"q": '"><b>x', "reference": "W-1"})
    assert response.status_code == 200
    assert {"input", "select"} <= {kind for kind, _name in compared}
