"""The fields the case forms share; the app-agnostic base form is in wardcase.core.forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wardcase.core.forms import GroupedChoiceIterator, MultipleFileField
from wardcase.directory.models import Service

ATTACHMENTS_HINT = _("PDF, image, Word, Excel or text files, up to 10 MB each.")
ATTACHMENTS_LABEL = _("Attachments (optional)")
CONSTITUENT_KEYS = ("name", "address", "postcode", "email", "phone", "contact_preference")


def attachments_field(label=ATTACHMENTS_LABEL):
    return MultipleFileField(label=label, help_text=ATTACHMENTS_HINT)


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

    def choices_from(self, officers):
        """The grouped choices for officers already read (the queryset still validates)."""
        groups = {}
        for officer in officers:
            groups.setdefault(self.group_of(officer), []).append(
                (officer.pk, self.label_from_instance(officer))
            )
        return [("", self.empty_label), *groups.items()]


class OfficerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        department = obj.department.name if obj.department else _("No department")
        return f"{obj.name or obj.username} ({department})"

    def choices_from(self, officers):
        """The choices for officers already read (the queryset still validates)."""
        return [(officer.pk, self.label_from_instance(officer)) for officer in officers]


def ask_to_reattach_files(request, form):
    """Browsers do not resend files with a redisplayed form: say so on the file field."""
    if request.FILES and "attachments" in form.fields and "attachments" not in form.errors:
        form.add_error(
            "attachments",
            _("Choose the files again: files are not kept when there is a problem with the form"),
        )
