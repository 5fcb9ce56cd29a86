"""The form of the "who viewed or changed case X between two dates" page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.core.date_input import GovukDateField
from wardcase.core.forms import DateFieldsForm


class CaseHistoryForm(DateFieldsForm):
    reference = forms.CharField(
        label=_("Case reference"), max_length=20, help_text=_("For example, WC-2026-000123")
    )
    date_from = GovukDateField(
        label=_("From"),
        help_text=_("For example, 1 3 2026"),
        missing_message=_("Enter the first date to show entries from"),
    )
    date_to = GovukDateField(
        label=_("To"),
        help_text=_("Entries made on this day are included"),
        missing_message=_("Enter the last date to show entries from"),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", _("The 'to' date must be the same as or after the 'from' date")
            )
        return cleaned
