"""The shapes of the Council settings forms. Rules (duplicates, what may be switched off,
term limits, the checks of a Word file) are the owning apps' services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import CaseType
from wardcase.charter.models import CharterRule
from wardcase.charter.sla import TERM_NAMES, CharterTerms
from wardcase.core.date_input import GovukDateField
from wardcase.core.forms import WardcaseForm
from wardcase.directory.models import Department, Directorate
from wardcase.letters.models import Purpose


def name_field(label, what, **kwargs):
    return forms.CharField(
        label=label,
        max_length=200,
        error_messages={
            "required": _("Enter the %(what)s's name") % {"what": what},
            "max_length": _("The name must be 200 characters or fewer"),
        },
        **kwargs,
    )


class WardForm(WardcaseForm):
    name = name_field(_("Ward name"), _("ward"))
    gss_code = forms.CharField(
        label=_("ONS GSS code (optional)"),
        required=False,
        max_length=9,
        help_text=_("A letter and 8 digits, for example E05012345"),
        error_messages={"max_length": _("A GSS code is 9 characters, like E05012345")},
    )


class DirectorateForm(WardcaseForm):
    name = name_field(_("Directorate name"), _("directorate"))


class DepartmentForm(WardcaseForm):
    name = name_field(_("Department name"), _("department"))
    directorate = forms.ModelChoiceField(
        label=_("Directorate (optional)"),
        queryset=Directorate.objects.all(),
        required=False,
        empty_label=_("Not in a directorate"),
    )
    head = forms.ModelChoiceField(
        label=_("Head of service (optional)"),
        queryset=User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True).order_by("name"),
        required=False,
        empty_label=_("No head of service yet"),
        help_text=_("They are told when a deadline in this department is missed."),
    )


class ServiceForm(WardcaseForm):
    name = name_field(_("Service name"), _("service"))
    department = forms.ModelChoiceField(
        label=_("Department that deals with it"),
        queryset=Department.objects.all(),
        empty_label=_("Choose a department"),
        error_messages={
            "required": _("Choose the department that deals with it"),
            "invalid_choice": _("Choose the department that deals with it"),
        },
    )
    aliases = forms.CharField(
        label=_("Other words people use for it (optional)"),
        help_text=_(
            "Separated by commas, so the search on the new-case page finds it: "
            "'bin, rubbish, refuse'."
        ),
        required=False,
        max_length=500,
    )


def _term_field(name):
    label = CharterRule._meta.get_field(name).verbose_name
    return forms.IntegerField(
        label=str(label).capitalize(),
        required=False,
        help_text=_("Blank follows the less specific terms (built in: %(value)s)")
        % {"value": getattr(CharterTerms(), name)},
        error_messages={
            "invalid": _("%(label)s must be a whole number") % {"label": str(label).capitalize()}
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class CharterTermsForm(WardcaseForm):
    """The six terms; each blank one is inherited."""

    acknowledge_days = _term_field("acknowledge_days")
    response_days = _term_field("response_days")
    update_weeks = _term_field("update_weeks")
    resolve_months = _term_field("resolve_months")
    remind_days_before = _term_field("remind_days_before")
    escalate_after_days = _term_field("escalate_after_days")

    def terms(self):
        return {name: self.cleaned_data.get(name) for name in TERM_NAMES}


COUNCIL_SCOPE = "council"


def scope_choices():
    choices = [(COUNCIL_SCOPE, _("The whole council (its defaults)"))]
    choices += [
        (f"directorate-{d.pk}", _("Directorate: %(name)s") % {"name": d.name})
        for d in Directorate.objects.order_by("name")
    ]
    choices += [
        (f"department-{d.pk}", _("Department: %(name)s") % {"name": d.name})
        for d in Department.objects.order_by("name")
    ]
    return choices


class CharterRuleForm(CharterTermsForm):
    """A new set of terms: what it applies to, then the terms."""

    scope = forms.ChoiceField(
        label=_("Applies to"),
        error_messages={
            "required": _("Choose what the terms apply to"),
            "invalid_choice": _("Choose what the terms apply to"),
        },
    )
    case_type = forms.ChoiceField(
        label=_("Case type"),
        required=False,
        choices=[("", _("Every case type")), *CaseType.choices],
        error_messages={"invalid_choice": _("Choose a case type from the list")},
    )

    field_order = ["scope", "case_type", *TERM_NAMES]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices()

    def scope_objects(self):
        """(directorate, department) for the chosen scope."""
        kind, _dash, pk = self.cleaned_data["scope"].partition("-")
        if kind == "directorate":
            return Directorate.objects.get(pk=pk), None
        if kind == "department":
            return None, Department.objects.get(pk=pk)
        return None, None


class ClosureDayForm(WardcaseForm):
    id_prefix = "closure-"
    day = GovukDateField(
        label=_("Date the council is closed"),
        help_text=_("For example, 27 12 2027"),
        missing_message=_("Enter the date the council is closed"),
    )
    name = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        help_text=_("For example, Christmas closure"),
        error_messages={
            "required": _("Enter what the closure is for"),
            "max_length": _("The name must be 100 characters or fewer"),
        },
    )


def count_field(label, *, required, invalid):
    """A whole number typed in a narrow numeric box, with the page's own error words."""
    return forms.IntegerField(
        label=label,
        error_messages={"required": required, "invalid": invalid},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )


class RetentionForm(WardcaseForm):
    months = count_field(
        _("Anonymise personal data this many months after a case is closed"),
        required=_("Enter a number of months"),
        invalid=_("Enter the number of months as a whole number, like 24"),
    )


class FollowUpForm(WardcaseForm):
    days = count_field(
        _("Working days after closing that a reply still belongs to the case"),
        required=_("Enter a number of working days"),
        invalid=_("Enter the number of working days as a whole number, like 20"),
    )


class LetterTemplateForm(WardcaseForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Councillors choose a letter by this name."),
        error_messages={
            "required": _("Enter a name for the letter template"),
            "max_length": _("The name must be 100 characters or fewer"),
        },
    )
    purpose = forms.ChoiceField(
        label=_("What the letter is for"),
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the letter is for"),
            "invalid_choice": _("Choose what the letter is for"),
        },
    )
    file = forms.FileField(
        label=_("Word file (.docx)"),
        help_text=_("Up to 5 MB, using only the merge fields listed on this page."),
        error_messages={
            "required": _("Select a Word .docx file"),
            "empty": _("The selected file is empty"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["file"].required = False
            self.fields["file"].label = _("New Word file (optional)")
            self.fields["file"].help_text = _(
                "Leave empty to keep the current file. Up to 5 MB, using only the merge "
                "fields listed on this page."
            )


class CaseImportForm(WardcaseForm):
    file = forms.FileField(
        label=_("Case file (.csv or .xlsx)"),
        help_text=_("One case a row, in the columns listed on this page. Up to 200 MB."),
        error_messages={
            "required": _("Select a .csv or .xlsx file"),
            "empty": _("The selected file is empty"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only: write nothing (a dry run)"), required=False, initial=True
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows have problems"), required=False
    )
