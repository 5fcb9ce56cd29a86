"""`widget_html` writes what Django's widget templates write, faster."""

import datetime
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import get_default_renderer
from django.test import override_settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from tests.conftest import assign
from wardcase.core.date_input import GovukDateField
from wardcase.core.widgets import widget_html

ATTRS = {"class": "govuk-input govuk-input--error", "aria-describedby": "x-hint x-error"}
HOSTILE = "\"><script>alert(1)</script> & 'quoted'"


class Fields(forms.Form):
    text = forms.CharField(max_length=40, help_text="A hint")
    optional = forms.CharField(required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=0)
    when = forms.DateField(required=False, widget=forms.DateInput)
    upload = forms.FileField(required=False)
    plain_file = forms.FileField(required=False, widget=forms.FileInput)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    off = forms.CharField(disabled=True, required=False)
    localised = forms.DecimalField(localize=True, required=False)
    boolean = forms.BooleanField(required=False)  # a checkbox: left to Django


@pytest.mark.parametrize(
    "data, initial",
    [
        (None, None),
        (None, {"text": HOSTILE, "area": HOSTILE, "number": 7, "when": datetime.date(2026, 3, 1)}),
        (
            {
                "text": HOSTILE,
                "area": "line one\r\nline two",
                "email": "not an address",
                "number": "-1",
                "when": "31/02/2026",
                "localised": "1234.5",
            },
            None,
        ),
        ({"text": mark_safe("<em>safe</em>"), "area": ""}, None),  # noqa: S308 - a constant
    ],
)
@pytest.mark.parametrize("grouped", [False, True])
def test_the_same_html_as_django(data, initial, grouped):
    with override_settings(USE_THOUSAND_SEPARATOR=grouped):
        form = Fields(
            data, {"upload": SimpleUploadedFile("a.txt", b"x")} if data else None, initial=initial
        )
        form.is_valid()
        for field in form:
            assert widget_html(field, dict(ATTRS)) == field.as_widget(attrs=dict(ATTRS)), field.name


def test_a_file_chosen_before_is_left_to_django():
    class WithFile(forms.Form):
        upload = forms.FileField(required=False)

    chosen = WithFile(initial={"upload": _Stored("letters/a.pdf")})["upload"]
    assert "letters/a.pdf" in widget_html(chosen, dict(ATTRS))
    assert widget_html(chosen, dict(ATTRS)) == chosen.as_widget(attrs=dict(ATTRS))


@pytest.mark.parametrize("role", ["councillor", "officer"])
def test_the_case_pages_forms(client, world, role):
    """Every field of every panel on a case page, for both sides of the case."""
    assign(world)
    client.force_login(getattr(world, role))
    response = client.get(reverse("cases:detail", args=[world.case.reference]))
    fields = [field for panel in response.context["panels"] for field in panel["form"]]
    assert len(fields) >= 4
    for field in fields:
        assert widget_html(field, dict(ATTRS)) == field.as_widget(attrs=dict(ATTRS)), field.name


class _Stored:
    """A stored file as a model's FileField gives it to a form: a name and a url."""

    def __init__(self, name):
        self.name = name
        self.url = f"/files/{name}"

    def __str__(self):
        return self.name


DATE_REFERENCE = Path(__file__).parent / "templates" / "date_widget_reference.html"


class Dates(forms.Form):
    when = GovukDateField(required=False)
    since = GovukDateField(help_text="For example, 27 3 2026")


@pytest.mark.parametrize(
    "data, initial",
    [
        (None, None),
        (None, {"when": datetime.date(2026, 3, 9)}),
        ({"when_day": HOSTILE, "when_month": "13", "when_year": "", "since_day": "1"}, None),
    ],
)
def test_the_date_boxes_are_the_templates_markup(data, initial):
    form = Dates(data, initial=initial)
    if data:
        assert not form.is_valid()
        form["since"].field.widget.mark_error()
    reference = get_default_renderer().engine.from_string(DATE_REFERENCE.read_text())
    for field in form:
        widget = field.field.widget
        attrs = {**field.build_widget_attrs({}, widget), "id": field.auto_id}  # as_widget's
        context = widget.get_context(field.html_name, field.value(), attrs)
        assert str(field) == reference.render(context).strip()
        assert str(field).count("<input") == 3
