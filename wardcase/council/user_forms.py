"""Forms of the users pages: their shape only; the services check the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role
from wardcase.accounts.selectors import councillor_choices
from wardcase.core.forms import WardcaseForm
from wardcase.directory.models import Department
from wardcase.places.models import Ward

ROLE_HINTS = {
    Role.COUNCILLOR: _("Logs and closes their own cases. Choose their ward."),
    Role.CASEWORKER: _("Logs and manages cases for the councillors they act for."),
    Role.COORDINATOR: _("Routes new cases and watches deadlines; sees every case."),
    Role.OFFICER: _("Answers cases for their department. Choose the department."),
    Role.HEAD_OF_SERVICE: _("Watches their department's cases. Choose the department."),
    Role.ADMINISTRATOR: _("Runs users and council settings; sees no case content."),
}


class RoleFields(WardcaseForm):
    """A role and what it needs: a ward, a department, councillors to act for."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role")},
    )
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.none(),
        required=False,
        label=_("Ward (councillors)"),
        empty_label=_("No ward"),
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Department (officers and heads of service)"),
        empty_label=_("No department"),
    )
    acts_for: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Councillors they act for (caseworkers)"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].item_hints = {str(k): v for k, v in ROLE_HINTS.items()}
        self.fields["ward"].queryset = Ward.objects.order_by("name")
        self.fields["department"].queryset = Department.objects.order_by("name")
        self.fields["acts_for"].queryset = councillor_choices()


class InviteForm(RoleFields):
    id_prefix = "invite-"
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter their full name")},
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("They sign in with this. Letters, digits and @ . + - _ only."),
        error_messages={"required": _("Enter a username")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The invitation is sent here."),
        error_messages={"required": _("Enter their email address")},
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    field_order = ["name", "username", "email", "role", "ward", "department", "acts_for"]


class RoleChangeForm(RoleFields):
    id_prefix = "role-"


class UserFilterForm(forms.Form):
    use_required_attribute = False
    q = forms.CharField(required=False, label=_("Search by name, username or email"))
    role = forms.ChoiceField(
        required=False, label=_("Role"), choices=[("", _("All roles")), *Role.choices]
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
