"""Opening a surgery session: where and when."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wardcase.core.date_input import GovukDateField
from wardcase.core.forms import DateFieldsForm
from wardcase.permissions.visibility import councillors_user_may_log_for


class SurgeryForm(DateFieldsForm):
    councillor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label=_("Whose surgery is it?"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the councillor holding the surgery")},
    )
    place = forms.CharField(
        label=_("Where is it held?"),
        max_length=300,
        help_text=_("For example, Mill Lane Library"),
        error_messages={"required": _("Enter where the surgery is held")},
    )
    day = GovukDateField(
        label=_("Date"),
        help_text=_("For example, 4 12 2026"),
        missing_message=_("Enter the date of the surgery"),
    )
    time = forms.TimeField(
        label=_("Start time"),
        help_text=_("For example, 18:30"),
        error_messages={
            "required": _("Enter the time the surgery starts"),
            "invalid": _("Enter the start time like 18:30"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councillors = councillors_user_may_log_for(self.user).order_by("name")
        self.councillors = list(councillors)
        if len(self.councillors) > 1:
            self.fields["councillor"].queryset = councillors
        else:
            del self.fields["councillor"]

    def clean(self):
        cleaned = super().clean()
        if "councillor" not in self.fields and self.councillors:
            cleaned["councillor"] = self.councillors[0]
        return cleaned

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["day"], data["time"]))
