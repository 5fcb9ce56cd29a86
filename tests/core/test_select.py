"""`select_html` writes what Django's select templates write, faster."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from wardcase.core.select import select_html
from wardcase.search.forms import SearchForm

ATTRS = {"class": "govuk-select govuk-select--error", "aria-describedby": "x-hint x-error"}


class Choices(forms.Form):
    plain = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("a", 'A & <b> "quoted"'),
            (3, "Three"),
            ("s", mark_safe("<em>Already safe</em>")),  # noqa: S308 - a constant
            ("'q'", gettext_lazy("It's lazy")),
        ],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("Roads", [("1", "Potholes"), ("2", "Lights")]),
            ("3", "Other"),
            ("4", "Another"),
            ("Parks", [("5", "Benches")]),
            ("6", "Last"),
        ]
    )
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    off = forms.ChoiceField(choices=[("1", "One")], disabled=True)


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "a", "grouped": "2", "several": ["1", "2"]}, {"plain": "'q'"}],
)
def test_the_same_html_as_django(data):
    form = Choices(data)
    for field in form:
        assert select_html(field, dict(ATTRS)) == field.as_widget(attrs=dict(ATTRS))


def test_the_same_html_for_the_search_forms_people_and_places(world):
    form = SearchForm(
        {"department": world.department.pk, "officer": world.officer.pk}, user=world.coordinator
    )
    selects = [f for f in form if isinstance(f.field.widget, forms.Select)]
    assert {"ward", "service", "department", "officer", "councillor"} <= {f.name for f in selects}
    for field in selects:
        assert select_html(field, dict(ATTRS)) == field.as_widget(attrs=dict(ATTRS))
