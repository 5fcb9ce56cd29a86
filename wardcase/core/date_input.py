"""The GOV.UK date input (day, month, year boxes) as a Django form field."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wardcase.core.widgets import date_boxes_html

BOX_CLASS = "govuk-input govuk-date-input__input"


class GovukDateWidget(forms.MultiWidget):
    """Three boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "class": f"{BOX_CLASS} govuk-input--width-2"}
        year = {"inputmode": "numeric", "class": f"{BOX_CLASS} govuk-input--width-4"}
        super().__init__(
            {
                "day": forms.TextInput(attrs=box),
                "month": forms.TextInput(attrs=dict(box)),
                "year": forms.TextInput(attrs=year),
            },
            attrs,
        )

    def get_context(self, name, value, attrs):
        """The day box takes the field's own id, so the error summary's link lands on it."""
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if field_id:
            context["widget"]["subwidgets"][0]["attrs"]["id"] = field_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        """Written in Python (`date_boxes_html`), not through a template per box."""
        return date_boxes_html(self.get_context(name, value, attrs)["widget"])

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def mark_error(self):
        for widget in self.widgets:
            if "govuk-input--error" not in widget.attrs["class"]:
                widget.attrs["class"] += " govuk-input--error"


class GovukDateField(forms.MultiValueField):
    """A date from GOV.UK's three boxes, with the Design System's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, required=True, missing_message=None, **kwargs):
        self.missing_message = missing_message
        parts = [forms.CharField(required=False) for _part in range(3)]
        super().__init__(parts, required=required, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise ValidationError(
                _("%(label)s must include a day, month and year") % {"label": self.label}
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(
                _("%(label)s must be a real date") % {"label": self.label}
            ) from exc

    def clean(self, value):
        if self.required and not any(str(part or "").strip() for part in value or []):
            raise ValidationError(
                self.missing_message or _("Enter %(label)s") % {"label": str(self.label).lower()}
            )
        return super().clean(value)
