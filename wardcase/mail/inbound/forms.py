"""Web forms for mail coming in: dropping an email on a case, confirming a draft case."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.cases.forms.fields import ServiceChoiceField
from wardcase.core.forms import WardcaseForm, textarea_field
from wardcase.permissions.visibility import councillors_user_may_log_for


class MailUploadForm(WardcaseForm):
    id_prefix = "mail-upload-"

    message = forms.FileField(
        label=_("Email file"),
        help_text=_("An email saved from Outlook (.msg) or another mail program (.eml)."),
        error_messages={"required": _("Choose an .eml or .msg file")},
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,.msg,message/rfc822"}),
    )


class DraftConfirmForm(WardcaseForm):
    """The fields of a draft case, as the person confirming it checks and edits them."""

    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label=_("Which councillor is this case for?"),
        empty_label=_("Choose a councillor"),
        error_messages={"required": _("Choose the councillor this case is for")},
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Enter a subject")}
    )
    description = textarea_field(
        _("Describe the problem"),
        required=True,
        rows=8,
        error_messages={"required": _("Enter a description of the problem")},
    )
    service = ServiceChoiceField(
        label=_("Service"), error_messages={"required": _("Choose a service from the list")}
    )
    constituent_name = forms.CharField(
        label=_("Constituent's full name"),
        max_length=200,
        error_messages={"required": _("Enter the constituent's name")},
    )
    constituent_email = forms.CharField(label=_("Email address (optional)"), required=False)
    constituent_address = textarea_field(_("Address (optional)"), rows=3)
    constituent_postcode = forms.CharField(label=_("Postcode (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = councillors_user_may_log_for(self.user)

    def constituent(self):
        data = self.cleaned_data
        return {key: data[f"constituent_{key}"] for key in ("name", "email", "address", "postcode")}
