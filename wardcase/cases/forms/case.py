"""Logging a case and correcting its details."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.cases.choices import (
    CaseType,
    Channel,
    EnquirerType,
    Priority,
    enquirer_type_choices,
)
from wardcase.cases.forms.fields import CONSTITUENT_KEYS, ServiceChoiceField, attachments_field
from wardcase.cases.models import Surgery
from wardcase.cases.services.intake import EDITABLE_FIELDS
from wardcase.constituents.models import ContactPreference
from wardcase.core.forms import WardcaseForm, textarea_field
from wardcase.directory.models import Council
from wardcase.permissions.visibility import councillors_user_may_log_for

# GOV.UK: radios for a short list of choices, a select only for a long one.
RADIOS_UP_TO = 10


class CaseCreateForm(WardcaseForm):
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label=_("Which councillor is this case for?"),
        empty_label=_("Choose a councillor"),
        error_messages={"required": _("Choose the councillor this case is for")},
    )
    own_query = forms.BooleanField(
        label=_("This is my own query: no constituent raised it"),
        required=False,
        help_text=_(
            "Something the councillor saw themselves. Leave the constituent's details empty."
        ),
    )
    # Required unless it is the councillor's own query (see clean()).
    constituent_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    constituent_address = textarea_field(_("Address (optional)"), rows=3)
    constituent_postcode = forms.CharField(label=_("Postcode (optional)"), required=False)
    # Another person's details: the browser must not offer the user's own.
    constituent_email = forms.CharField(
        label=_("Email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    constituent_phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    constituent_contact_preference = forms.ChoiceField(
        label=_("How would they like to be contacted? (optional)"),
        help_text=_("If you do not say, email if they gave an address, else phone, else letter."),
        choices=ContactPreference.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    constituent_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    subject = forms.CharField(
        label=_("Subject (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "A few words a colleague would recognise. If you leave it, the start of "
            "the description is used."
        ),
    )
    description = textarea_field(
        _("Describe the problem"),
        required=True,
        rows=6,
        error_messages={"required": _("Enter a description of the problem")},
    )
    service = ServiceChoiceField(
        label=_("Service"),
        help_text=_("The council service the problem is about."),
        error_messages={"required": _("Choose a service from the list")},
    )
    case_type = forms.ChoiceField(
        label=_("Type of case"),
        choices=CaseType.choices,
        initial=CaseType.ENQUIRY,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=_("How did it reach you?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the case reached you")},
    )
    enquirer_type = forms.ChoiceField(
        label=_("Who is raising it?"),
        choices=EnquirerType.choices,
        initial=EnquirerType.COUNCILLOR,
        widget=forms.RadioSelect,
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
    )
    location = forms.CharField(
        label=_("Location (optional)"),
        required=False,
        max_length=300,
        help_text=_("Where the problem is, if not the constituent's address."),
    )
    consent_share_ward = forms.BooleanField(
        label=_("The constituent agrees to share this case with the other ward councillors"),
        required=False,
    )
    consent_share_officers = forms.BooleanField(
        label=_("The constituent agrees that council officers may see their contact details"),
        required=False,
    )
    restricted = forms.BooleanField(
        label=_("Restricted case"),
        required=False,
        help_text=_("health, social care or safeguarding"),
    )
    attachments = attachments_field()
    # Set when logging at a surgery session (cases/new/?surgery=ID): the case links to it.
    surgery: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Surgery.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surgery"].queryset = Surgery.objects.filter(
            councillor__in=councillors_user_may_log_for(self.user)
        )
        councillors = councillors_user_may_log_for(self.user).order_by("name")
        self.councillors = list(councillors)
        nation = Council.objects.values_list("nation", flat=True).first()
        self.fields["enquirer_type"].choices = enquirer_type_choices(
            nation, keep=self.case.enquirer_type if self.case else None
        )
        if len(self.councillors) > 1:
            owner = self.fields["owner"]
            if len(self.councillors) <= RADIOS_UP_TO:
                # A caseworker's few councillors: one tap each, not a drop-down.
                owner.widget, owner.empty_label = forms.RadioSelect(), None
            owner.queryset = councillors
        else:
            del self.fields["owner"]

    def clean(self):
        cleaned = super().clean()
        if "owner" not in self.fields and self.councillors:
            cleaned["owner"] = self.councillors[0]
        named = (cleaned.get("constituent_name") or "").strip()
        if "constituent_name" in self.fields and not cleaned.get("own_query") and not named:
            self.add_error("constituent_name", _("Enter the constituent's name"))
        return cleaned

    def add_service_error(self, exc):
        if exc.field == "constituent_id":  # a hidden field: say it on the name instead
            self.add_error("constituent_name", exc.message)
        else:
            super().add_service_error(exc)

    def constituent(self):
        """The constituent's fields, or None for the councillor's own query."""
        data = self.cleaned_data
        if data.get("own_query") or "constituent_name" not in self.fields:
            return None
        return {key: data[f"constituent_{key}"] for key in CONSTITUENT_KEYS}

    def person(self):
        """case_create's person argument: the existing person chosen, or the one typed."""
        if self.cleaned_data.get("own_query"):
            return {"own_query": True}
        chosen = self.cleaned_data.get("constituent_id")
        return {"constituent_id": chosen} if chosen else {"constituent": self.constituent()}


# The details the form edits: all the service allows except the ward, set from the councillor.
DETAIL_FIELDS = sorted(EDITABLE_FIELDS - {"ward"})


class CaseEditForm(CaseCreateForm):
    """The create form's fields, filled from the case, with the version the editor saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        initial = {key: getattr(case, key) for key in DETAIL_FIELDS}
        initial["service"] = case.service_id
        if case.constituent is not None:
            initial.update(
                {f"constituent_{key}": getattr(case.constituent, key) for key in CONSTITUENT_KEYS}
            )
        initial["version"] = case.version
        kwargs.setdefault("initial", initial)
        super().__init__(*args, case=case, **kwargs)
        self.fields.pop("owner", None)
        self.fields.pop("attachments")
        self.fields.pop("constituent_id")
        self.fields.pop("own_query")
        self.fields.pop("surgery")
        if case.constituent is None:  # an own query stays one: no person to correct
            for key in CONSTITUENT_KEYS:
                self.fields.pop(f"constituent_{key}")
        subject = self.fields["subject"]
        subject.required, subject.label = True, _("Subject")
        subject.help_text = _(
            "A few words a colleague would recognise, like 'Pothole on Mill Lane'."
        )
        subject.error_messages["required"] = _("Enter a subject")

    def constituent(self):
        return super().constituent() or {}

    def add_service_error(self, exc):
        if exc.field == "version":
            self.add_error(None, exc.message)
        else:
            super().add_service_error(exc)

    def changes(self):
        return {key: self.cleaned_data[key] for key in DETAIL_FIELDS}
