"""Web forms for privacy work. Rules live in the services; forms only read the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role, User
from wardcase.constituents.models import ContactPreference
from wardcase.core.date_input import GovukDateField
from wardcase.core.forms import DateFieldsForm, WardcaseForm, textarea_field

REASON_HINT = _("This is kept in the audit log as the record of why.")


class ConstituentSearchForm(WardcaseForm):
    q = forms.CharField(label=_("Name, email address or postcode"), max_length=200, required=False)


class AccessRequestForm(DateFieldsForm):
    requested_at = GovukDateField(
        label=_("Date the request was received"),
        help_text=_("For example, 27 3 2026"),
        missing_message=_("Enter the date the request was received"),
    )
    notes = textarea_field(_("Notes (optional)"), rows=3)


class RectifyForm(WardcaseForm):
    name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    address = textarea_field(_("Address"), rows=3)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    contact_preference = forms.ChoiceField(
        label=_("How they want to be contacted"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
    )
    reason = textarea_field(_("Why are the details being corrected?"), help_text=REASON_HINT)

    # Services name constituent fields "constituent_<name>" in their errors.
    def add_service_error(self, exc):
        field = (exc.field or "").removeprefix("constituent_")
        self.add_error(field if field in self.fields else None, exc.message)


class EraseForm(WardcaseForm):
    reason = textarea_field(_("Why are their details being erased?"), help_text=REASON_HINT)
    force = forms.BooleanField(
        label=_("Erase the details even though a case is still open"),
        required=False,
        help_text=_("Only where the law requires it now: say why in the reason."),
    )


class HandoverForm(WardcaseForm):
    """Which open cases go to which successor; each needs the constituent's consent ticked."""

    successor = forms.ModelChoiceField(
        label=_("Councillor taking the cases over"),
        queryset=User.objects.none(),
        empty_label=_("Choose a councillor"),
    )
    cases = forms.MultipleChoiceField(required=False)
    consented = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, councillor, open_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = User.objects.filter(
            role=Role.COUNCILLOR, is_active=True
        ).exclude(pk=councillor.pk)
        choices = [(str(case.pk), case.reference) for case in open_cases]
        self.fields["cases"].choices = choices
        self.fields["consented"].choices = choices
