"""The period and grouping a report is asked for, on the pages and in the API."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wardcase.core.date_input import GovukDateField
from wardcase.core.forms import DateFieldsForm
from wardcase.reports.dimensions import DIMENSIONS

LONGEST_PERIOD_DAYS = 3 * 366


def default_period(today=None):
    """The last full quarter, so a first visit shows a finished period."""
    today = today or timezone.localdate()
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_day = this_quarter - timedelta(days=1)
    return date(last_day.year, 3 * ((last_day.month - 1) // 3) + 1, 1), last_day


def period_error(start, end):
    """What is wrong with the period (always the 'to' date's fault), or None."""
    if start and end and end < start:
        return _("The 'to' date must be the same as or after the 'from' date")
    if start and end and (end - start).days > LONGEST_PERIOD_DAYS:
        return _("Choose a period of 3 years or less")
    return None


class PeriodForm(DateFieldsForm):
    date_from = GovukDateField(
        label=_("From"),
        help_text=_("For example, 1 4 2026"),
        missing_message=_("Enter the first day of the period"),
    )
    date_to = GovukDateField(
        label=_("To"),
        help_text=_("Cases logged on this day are included"),
        missing_message=_("Enter the last day of the period"),
    )

    def clean(self):
        cleaned = super().clean()
        error = period_error(cleaned.get("date_from"), cleaned.get("date_to"))
        if error:
            self.add_error("date_to", error)
        return cleaned


class GroupedPeriodForm(PeriodForm):
    group = forms.ChoiceField(label=_("Group by"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.fields["group"].choices = [(g, DIMENSIONS[g][0]) for g in groups]

    def clean_group(self):
        """No choice made: the first, as the select box shows it."""
        return self.cleaned_data.get("group") or self.groups[0]


def bound_or_default(form_class, request, **kwargs):
    """The form of the query string, or of the default period on a first visit."""
    if not {"date_from_day", "date_from_month", "date_from_year"} & set(request.GET):
        start, end = default_period()
        data = {
            "date_from_day": start.day,
            "date_from_month": start.month,
            "date_from_year": start.year,
            "date_to_day": end.day,
            "date_to_month": end.month,
            "date_to_year": end.year,
            "group": request.GET.get("group", ""),
        }
        if "groups" in kwargs and data["group"] not in kwargs["groups"]:
            data["group"] = kwargs["groups"][0]
        return form_class(data, **kwargs)
    return form_class(request.GET, **kwargs)
