"""The shapes of the Council settings forms. Rules (duplicates, what may be switched off,
term limits, the checks of a Word file) are the owning apps' services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role, User
from wardcase.cases.forms.fields import WardcaseForm
from wardcase.directory.models import Department, Directorate


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
