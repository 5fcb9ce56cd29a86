"""Administrators upload Word letter templates; each is checked before it is saved."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wardcase.audit.admin import AdministratorsOnlyAdmin, AuditedAdmin
from wardcase.core.errors import ServiceError
from wardcase.letters import merge
from wardcase.letters.models import LetterTemplate
from wardcase.letters.services import letter_template_file_check


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["name", "purpose", "file", "active"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and "file" in self.changed_data:
            content = upload.read()
            upload.seek(0)
            try:
                letter_template_file_check(content=content, filename=upload.name)
            except ServiceError as exc:
                raise forms.ValidationError(exc.message) from exc
        return upload


def _merge_field_help():
    rows = format_html_join("", "<li><code>{{{{ {} }}}}</code>: {}</li>", merge.MERGE_FIELDS)
    return format_html(
        "<p>{}</p><ul>{}</ul>",
        _(
            "Write merge fields in the Word document exactly as below, for example "
            "“Dear {{ constituent.name }},”. The file is checked when you save it, and "
            "refused if it uses any other field."
        ),
        rows,
    )


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AdministratorsOnlyAdmin, AuditedAdmin):
    form = LetterTemplateForm
    list_display = ["name", "purpose", "active", "modified_at"]
    list_filter = ["purpose", "active"]
    search_fields = ["name"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["name", "purpose", "file", "active"]}),
            (_("Merge fields"), {"fields": [], "description": _merge_field_help()}),
        ]

    def has_add_permission(self, request):
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        # Letters on cases name their template: switch one off instead of deleting it.
        return False
