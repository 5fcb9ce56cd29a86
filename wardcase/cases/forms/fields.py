"""Building blocks of the web forms: the GOV.UK base form and the shared fields."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from wardcase.directory.models import Service


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


def attachments_field(label=ATTACHMENTS_LABEL):
    return MultipleFileField(label=label, help_text=ATTACHMENTS_HINT)


def textarea_field(label, required=False, rows=4, **kwargs):
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


def ask_to_reattach_files(request, form):
    """Browsers do not resend files with a redisplayed form: say so on the file field."""
    if request.FILES and "attachments" in form.fields and "attachments" not in form.errors:
        form.add_error(
            "attachments",
            _("Choose the files again: files are not kept when there is a problem with the form"),
        )
