"""The search box and its filters: one form for the page and the API, so both validate
the same way and hand the service the same filters."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role
from wardcase.cases.choices import Status
from wardcase.cases.selectors import assignable_officers
from wardcase.constituents.services import normalise_postcode
from wardcase.core.date_input import GovukDateField
from wardcase.core.errors import ServiceError
from wardcase.core.forms import DateFieldsForm, LabelledModelChoiceField
from wardcase.directory.models import Department, Service
from wardcase.places.models import Ward
from wardcase.search.models import SavedSearch

POSTCODE_PREFIX = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?( [0-9][A-Z]{0,2})?$")
STATUS_CHOICES = [("", _("Any status")), ("open", _("Open")), *Status.choices]
CLOCK_CHOICES = [
    ("", _("Any")),
    ("overdue", _("Overdue")),
    ("paused", _("Paused")),
    ("met", _("Met")),
]
# What `User.__str__` shows: the name, or the username where there is none.
PERSON_LABEL = Coalesce(NullIf(F("name"), Value("")), F("username"))
FILTER_NAMES = [
    "reference",
    "ward",
    "service",
    "department",
    "officer",
    "councillor",
    "status",
    "clock",
    "created_from",
    "created_to",
    "postcode",
]


class SearchForm(DateFieldsForm):
    """Free text and the optional filters; every one narrows the results further."""

    q = forms.CharField(label=_("Search cases"), required=False, max_length=200)
    reference = forms.CharField(label=_("Case reference"), required=False, max_length=20)
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=8,
        help_text=_("A full postcode or its start, like TE1 or TE1 1"),
    )
    # A council's places, services and people: hundreds of options, each read as its id
    # and label alone (a person's label is their name, or their username without one).
    ward = LabelledModelChoiceField(
        label=_("Ward"), required=False, queryset=Ward.objects.order_by("name")
    )
    service = LabelledModelChoiceField(
        label=_("Service"), required=False, queryset=Service.objects.order_by("name")
    )
    department = LabelledModelChoiceField(
        label=_("Department"), required=False, queryset=Department.objects.order_by("name")
    )
    officer = LabelledModelChoiceField(
        label=_("Lead officer"),
        required=False,
        queryset=assignable_officers(),
        label_expression=PERSON_LABEL,
    )
    councillor = LabelledModelChoiceField(
        label=_("Councillor"),
        required=False,
        queryset=get_user_model().objects.filter(role=Role.COUNCILLOR).order_by("name"),
        label_expression=PERSON_LABEL,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    clock = forms.ChoiceField(label=_("Deadlines"), required=False, choices=CLOCK_CHOICES)
    created_from = GovukDateField(
        label=_("Logged from"), required=False, help_text=_("For example, 1 3 2026")
    )
    created_to = GovukDateField(
        label=_("Logged to"), required=False, help_text=_("Cases logged on this day are included")
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()

    def clean_postcode(self):
        """A full postcode in its standard form, or the start of one (area, district, sector)."""
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        if not value:
            return ""
        try:
            return normalise_postcode(value=value)
        except ServiceError:
            if POSTCODE_PREFIX.match(value):
                return value
        raise forms.ValidationError(_("Enter a postcode or the start of one, like TE1 1"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        if start and end and end < start:
            self.add_error(
                "created_to", _("The 'to' date must be the same as or after the 'from' date")
            )
        return cleaned

    @property
    def query(self):
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def filters(self):
        """The filters chosen, for `search_cases`; empty ones left out."""
        if not self.is_valid():
            return {}
        return {
            name: self.cleaned_data[name]
            for name in FILTER_NAMES
            if self.cleaned_data.get(name) not in (None, "")
        }

    @property
    def filtered(self):
        return bool(self.filters) or bool(self.query)


class ApiSearchForm(SearchForm):
    """The API takes ISO dates (2026-03-01) where the page has three boxes."""

    # Another kind of field under the same names: deliberate, so the cleaning is shared.
    created_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])  # type: ignore[assignment]
    created_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])  # type: ignore[assignment]


class SavedSearchForm(forms.ModelForm):
    """Name the current search to run it again later."""

    class Meta:
        model = SavedSearch
        fields = ["name", "querystring"]
        labels = {"name": _("Name this search")}
        widgets = {"querystring": forms.HiddenInput}
