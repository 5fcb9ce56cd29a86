"""Web forms for the case journey. They collect and check input; the services decide."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from wardcase.cases import permissions, selectors
from wardcase.cases.choices import CaseType, Channel, EnquirerType, EventKind, Outcome, Priority
from wardcase.constituents.models import ContactPreference
from wardcase.directory.models import Department, Service


class WardcaseForm(forms.Form):
    """GOV.UK forms: no browser validation bubbles, and errors from services land on a field."""

    use_required_attribute = False
    id_prefix = ""

    def __init__(self, *args, user=None, case=None, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}%s")
        super().__init__(*args, **kwargs)
        self.user, self.case = user, case

    def add_service_error(self, exc):
        field = exc.field if exc.field in self.fields else None
        self.add_error(field, exc.message)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; their content is checked by the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


ATTACHMENTS_HINT = _("PDF, image, Word, Excel or text files, up to 10 MB each.")
ATTACHMENTS_LABEL = _("Attachments (optional)")
CONSTITUENT_KEYS = ("name", "address", "postcode", "email", "phone", "contact_preference")


def _attachments(label=ATTACHMENTS_LABEL):
    return MultipleFileField(label=label, help_text=ATTACHMENTS_HINT)


def _textarea(label, required=False, rows=4, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class GroupedChoiceIterator(ModelChoiceIterator):
    """Choices as <optgroup>s, by the field's `group_of(obj)`; evaluated only when rendered."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for obj in self.queryset:
            groups.setdefault(self.field.group_of(obj), []).append(self.choice(obj))
        yield from groups.items()


class ServiceChoiceField(forms.ModelChoiceField):
    """Active services, shown in a select grouped by department."""

    iterator = GroupedChoiceIterator

    def __init__(self, **kwargs):
        queryset = Service.objects.filter(active=True, department__active=True).select_related(
            "department"
        )
        super().__init__(queryset=queryset, empty_label=_("Choose a service"), **kwargs)

    def group_of(self, service):
        return service.department.name


class OfficerChoiceField(forms.ModelChoiceField):
    """Officers grouped by department, for choosing a lead officer."""

    iterator = GroupedChoiceIterator

    def group_of(self, officer):
        return officer.department.name if officer.department else _("No department")

    def label_from_instance(self, obj):
        return obj.name or obj.username


class OfficerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        department = obj.department.name if obj.department else _("No department")
        return f"{obj.name or obj.username} ({department})"


class CaseCreateForm(WardcaseForm):
    owner = forms.ModelChoiceField(
        queryset=None,
        label=_("Which councillor is this case for?"),
        empty_label=_("Choose a councillor"),
        error_messages={"required": _("Choose the councillor this case is for")},
    )
    constituent_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the constituent's name")},
    )
    constituent_address = _textarea(_("Address (optional)"), rows=3)
    constituent_postcode = forms.CharField(label=_("Postcode (optional)"), required=False)
    constituent_email = forms.CharField(label=_("Email address (optional)"), required=False)
    constituent_phone = forms.CharField(label=_("Phone number (optional)"), required=False)
    constituent_contact_preference = forms.ChoiceField(
        label=_("How would they like to be contacted?"),
        choices=ContactPreference.choices,
        initial=ContactPreference.EMAIL,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A few words a colleague would recognise, like 'Pothole on Mill Lane'."),
        error_messages={"required": _("Enter a subject")},
    )
    description = _textarea(
        _("Describe the problem"),
        required=True,
        rows=6,
        error_messages={"required": _("Enter a description of the problem")},
    )
    service = ServiceChoiceField(
        label=_("Service"),
        help_text=_("The council service the problem is about."),
        error_messages={"required": _("Choose a service from the list")},
    )
    case_type = forms.ChoiceField(
        label=_("Type of case"),
        choices=CaseType.choices,
        initial=CaseType.ENQUIRY,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=_("How did it reach you?"), choices=Channel.choices, initial=Channel.EMAIL
    )
    enquirer_type = forms.ChoiceField(
        label=_("Who is raising it?"),
        choices=EnquirerType.choices,
        initial=EnquirerType.COUNCILLOR,
        widget=forms.RadioSelect,
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
    )
    location = forms.CharField(
        label=_("Location (optional)"),
        required=False,
        max_length=300,
        help_text=_("Where the problem is, if not the constituent's address."),
    )
    consent_share_ward = forms.BooleanField(
        label=_("The constituent agrees to share this case with the other ward councillors"),
        required=False,
    )
    consent_share_officers = forms.BooleanField(
        label=_("The constituent agrees that council officers may see their contact details"),
        required=False,
        initial=True,
    )
    restricted = forms.BooleanField(
        label=_("Restricted case"),
        required=False,
        help_text=_("health, social care or safeguarding"),
    )
    attachments = _attachments()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councillors = permissions.councillors_user_may_log_for(self.user).order_by("name")
        self.councillors = list(councillors)
        if len(self.councillors) > 1:
            self.fields["owner"].queryset = councillors
        else:
            del self.fields["owner"]

    def clean(self):
        cleaned = super().clean()
        if "owner" not in self.fields and self.councillors:
            cleaned["owner"] = self.councillors[0]
        return cleaned

    def constituent(self):
        data = self.cleaned_data
        return {key: data[f"constituent_{key}"] for key in CONSTITUENT_KEYS}


DETAIL_FIELDS = [
    "subject",
    "description",
    "service",
    "case_type",
    "channel",
    "enquirer_type",
    "priority",
    "location",
    "consent_share_ward",
    "consent_share_officers",
    "restricted",
]


class CaseEditForm(CaseCreateForm):
    """The create form's fields, filled from the case, with the version the editor saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        initial = {key: getattr(case, key) for key in DETAIL_FIELDS}
        initial["service"] = case.service_id
        initial.update(
            {f"constituent_{key}": getattr(case.constituent, key) for key in CONSTITUENT_KEYS}
        )
        initial["version"] = case.version
        kwargs.setdefault("initial", initial)
        super().__init__(*args, case=case, **kwargs)
        self.fields.pop("owner", None)
        self.fields.pop("attachments")

    def add_service_error(self, exc):
        if exc.field == "version":
            self.add_error(None, exc.message)
        else:
            super().add_service_error(exc)

    def changes(self):
        return {key: self.cleaned_data[key] for key in DETAIL_FIELDS}


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
    reason = _textarea(_("Note for the officers (optional)"), rows=3)

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "department": case.department_id,
                "lead_officer": case.lead_officer_id,
                "additional_officers": list(case.additional_officers.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, case=case, **kwargs)
        officers = selectors.assignable_officers()
        self.fields["lead_officer"].queryset = officers
        self.fields["additional_officers"].queryset = officers


class AcknowledgeForm(WardcaseForm):
    id_prefix = "acknowledge-"
    message = _textarea(_("Message to the councillor (optional)"), rows=3)


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
    body = _textarea(
        _("Text"), required=True, rows=5, error_messages={"required": _("Enter the text")}
    )
    attachments = _attachments()

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
    reason = _textarea(
        _("Why can the case be closed?"),
        required=True,
        rows=3,
        help_text=_("The councillor decides whether to close it."),
        error_messages={"required": _("Say why the case can be closed")},
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
    comment = _textarea(_("Comment (optional)"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _authority(self)


class ReopenForm(WardcaseForm):
    id_prefix = "reopen-"
    reason = _textarea(
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
    attachments = _attachments(_("Files"))
    note = _textarea(_("Note about the files (optional)"), rows=2)


def ask_to_reattach_files(request, form):
    """Browsers do not resend files with a redisplayed form: say so on the file field."""
    if request.FILES and "attachments" in form.fields and "attachments" not in form.errors:
        form.add_error(
            "attachments",
            _("Choose the files again: files are not kept when there is a problem with the form"),
        )
