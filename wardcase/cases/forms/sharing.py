"""Forms for sharing, linking and answering linked cases. Shape only: services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.cases.choices import EventKind
from wardcase.cases.links import linked_cases
from wardcase.cases.services.sharing import share_candidates
from wardcase.core.forms import WardcaseForm, textarea_field


class ShareForm(WardcaseForm):
    id_prefix = "share-"
    user = forms.ModelChoiceField(
        queryset=None,
        label=_("Share with"),
        empty_label=_("Choose a councillor or officer"),
        help_text=_("Councillors you share with can read the case; officers can work on it."),
        error_messages={"required": _("Choose who to share the case with")},
    )
    reason = textarea_field(_("Why are you sharing it?"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = share_candidates(case=self.case)


class LinkForm(WardcaseForm):
    id_prefix = "link-"
    reference = forms.CharField(
        label=_("Reference of the case to link"),
        help_text=_("For example, WC-2026-000123"),
        error_messages={"required": _("Enter the reference of the case to link")},
    )
    reason = textarea_field(_("Why are they the same issue? (optional)"), rows=2)


class UnlinkForm(WardcaseForm):
    """Which linked case (of those the user may open) is not about the same issue, and why."""

    id_prefix = "unlink-"
    reference = forms.ChoiceField(
        label=_("Which case is not about the same issue?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the linked case to unlink")},
    )
    reason = textarea_field(
        _("Why are they not the same issue?"),
        required=True,
        rows=2,
        error_messages={"required": _("Say why the cases are not about the same issue")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        linked, _hidden = linked_cases(user=self.user, case=self.case)
        self.fields["reference"].choices = [
            (other.reference, f"{other.reference}: {other.subject}") for other in linked
        ]


class RespondLinkedForm(WardcaseForm):
    id_prefix = "respond-linked-"
    kind = forms.ChoiceField(
        label=_("What kind of answer is it?"),
        choices=[
            (EventKind.UPDATE, _("Update")),
            (EventKind.FULL_RESPONSE, _("Full response")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an update or a full response")},
    )
    body = textarea_field(
        _("Your answer"),
        required=True,
        rows=5,
        help_text=_("It goes to this case and to every linked case you work on."),
        error_messages={"required": _("Enter your answer")},
    )
