"""The forms of the actions on the case page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role
from wardcase.cases import selectors
from wardcase.cases.choices import EventKind, Outcome
from wardcase.cases.forms.fields import (
    OfficerChoiceField,
    OfficerMultipleChoiceField,
    attachments_field,
)
from wardcase.core.forms import WardcaseForm, textarea_field
from wardcase.directory.models import Department


class AssignForm(WardcaseForm):
    id_prefix = "assign-"
    department = forms.ModelChoiceField(
        queryset=Department.objects.filter(active=True),
        label=_("Department"),
        empty_label=_("Choose a department"),
        error_messages={"required": _("Choose a department")},
    )
    lead_officer = OfficerChoiceField(
        queryset=None,
        label=_("Lead officer"),
        empty_label=_("Choose an officer"),
        help_text=_("The lead officer must work in the department you choose."),
        error_messages={"required": _("Choose a lead officer")},
    )
    additional_officers = OfficerMultipleChoiceField(
        queryset=None,
        label=_("Additional officers (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = textarea_field(_("Note for the officers (optional)"), rows=3)

    def __init__(self, *args, case, user=None, **kwargs):
        # A new case starts at its service's department, whose officers are listed first.
        department_id = case.department_id or (
            case.service.department_id if case.service_id else None
        )
        kwargs.setdefault(
            "initial",
            {
                "department": department_id,
                "lead_officer": case.lead_officer_id,
                # .all(): the case page has read them already.
                "additional_officers": [o.pk for o in case.additional_officers.all()],
            },
        )
        super().__init__(*args, case=case, user=user, **kwargs)
        officers = selectors.assignable_officers(first_department_id=department_id)
        self.fields["lead_officer"].queryset = officers
        self.fields["additional_officers"].queryset = officers
        if not self.is_bound:
            chosen = list(officers)  # one read serves both lists on the case page
            for name in ("lead_officer", "additional_officers"):
                self.fields[name].choices = self.fields[name].choices_from(chosen)
        departments = Department.objects.filter(active=True)
        if user is not None and user.role == Role.HEAD_OF_SERVICE:
            # A head reassigns within their department; another is the coordinators' call.
            departments = departments.filter(pk=case.department_id)
            self.fields["department"].help_text = _(
                "To move the case to another department, send it back to the coordinators."
            )
        field = self.fields["department"]
        field.queryset = selectors.departments_first(
            queryset=departments, first_department_id=department_id
        )
        if not self.is_bound:
            # Read once as a list: a model choice field reads through .iterator(), which on
            # PostgreSQL is a server-side cursor that the page's query counts cannot see.
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            field.choices = [
                *empty,
                *((d.pk, field.label_from_instance(d)) for d in field.queryset),
            ]


class SendBackForm(WardcaseForm):
    id_prefix = "send-back-"
    reason = textarea_field(
        _("Why is the case not for your department?"),
        required=True,
        rows=3,
        help_text=_(
            "It goes back to the coordinators to be routed again. The councillor sees your reason."
        ),
        error_messages={"required": _("Say why the case is not for your department")},
    )


class AcknowledgeForm(WardcaseForm):
    id_prefix = "acknowledge-"
    message = textarea_field(_("Message to the councillor (optional)"), rows=3)


ENTRY_LABELS = {
    EventKind.UPDATE: (_("Update"), _("The councillor's side sees it.")),
    EventKind.FULL_RESPONSE: (
        _("Full response"),
        _("Your answer to the case. The councillor sees it."),
    ),
    EventKind.NOTE: (_("Internal note"), _("Council staff only. The councillor does not see it.")),
    EventKind.MEMBER_MESSAGE: (_("Message to the officer"), _("The officers on the case see it.")),
}


def entry_kinds(user, case):
    """The kinds of entry this user may add to this case, from the permission rules."""
    kinds = []
    if user.has_perm("cases.respond_case", case):
        kinds += [EventKind.UPDATE, EventKind.FULL_RESPONSE]
    if user.has_perm("cases.note_case", case):
        kinds.append(EventKind.NOTE)
    if user.has_perm("cases.message_case", case):
        kinds.append(EventKind.MEMBER_MESSAGE)
    return kinds


class EntryForm(WardcaseForm):
    id_prefix = "entry-"
    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of entry this is")},
    )
    body = textarea_field(
        _("Text"), required=True, rows=5, error_messages={"required": _("Enter the text")}
    )
    attachments = attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = entry_kinds(self.user, self.case)
        field = self.fields["kind"]
        field.choices = [(k, ENTRY_LABELS[k][0]) for k in self.kinds]
        field.item_hints = {k: ENTRY_LABELS[k][1] for k in self.kinds}
        if len(self.kinds) == 1:
            field.widget = forms.HiddenInput()
            field.initial = self.kinds[0]
            self.fields["body"].label = ENTRY_LABELS[self.kinds[0]][0]
            self.fields["body"].help_text = ENTRY_LABELS[self.kinds[0]][1]


class ProposeClosureForm(WardcaseForm):
    id_prefix = "propose-"
    reason = textarea_field(
        _("Why can the case be closed?"),
        required=True,
        rows=3,
        help_text=_("The councillor decides whether to close it."),
        error_messages={"required": _("Say why the case can be closed")},
    )


class DeclineClosureForm(WardcaseForm):
    id_prefix = "decline-"
    reason = textarea_field(
        _("What still needs doing?"),
        required=True,
        rows=3,
        help_text=_("The officer is told, and the case stays open."),
        error_messages={"required": _("Say what still needs doing")},
    )


AUTHORITY_HINT = _("How did the councillor authorise this? e.g. 'By phone, 3 March'")


def _authority(form):
    """Anyone but the owning councillor records the councillor's authority (the service checks)."""
    if form.user.pk != form.case.owner_id:
        form.fields["authority"] = forms.CharField(
            label=_("Councillor's authority"), required=False, help_text=AUTHORITY_HINT
        )


class CloseForm(WardcaseForm):
    id_prefix = "close-"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome")},
    )
    comment = textarea_field(_("Comment (optional)"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _authority(self)


class ReopenForm(WardcaseForm):
    id_prefix = "reopen-"
    reason = textarea_field(
        _("Why is the case being reopened?"),
        required=True,
        rows=3,
        error_messages={"required": _("Say why the case is being reopened")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _authority(self)


class AttachForm(WardcaseForm):
    id_prefix = "attach-"
    attachments = attachments_field(_("Files"))
    note = textarea_field(_("Note about the files (optional)"), rows=2)
