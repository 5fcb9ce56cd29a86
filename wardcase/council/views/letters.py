"""Letter templates: Word files councillors fill from a case."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wardcase.council import forms, selectors
from wardcase.council.views.common import (
    council_view,
    form_page,
    say_saved,
    setting_or_404,
    switch_action,
)
from wardcase.letters import services as letter_services
from wardcase.letters.merge import MERGE_FIELDS
from wardcase.letters.services import MAX_TEMPLATE_BYTES


def _upload(form):
    upload = form.cleaned_data.get("file")
    if not upload:
        return {}
    # One byte past the limit is enough for the service to refuse a file too large.
    return {"content": upload.read(MAX_TEMPLATE_BYTES + 1), "filename": upload.name}


@council_view
def letters(request):
    return render(
        request,
        "council/letters.html",
        {"templates": selectors.letter_templates(user=request.user)},
    )


@council_view
@require_http_methods(["GET", "POST"])
def letter_add(request):
    def add(form):
        template = letter_services.letter_template_upload(
            by=request.user,
            name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"],
            **_upload(form),
        )
        messages.success(request, _("Letter template %(name)s added") % {"name": template.name})
        return redirect("council:letters")

    return form_page(
        request,
        form=forms.LetterTemplateForm(request.POST or None, request.FILES or None),
        template="council/letter_form.html",
        context={
            "title": _("Upload a letter template"),
            "back": reverse("council:letters"),
            "merge_fields": MERGE_FIELDS,
        },
        on_valid=add,
    )


@council_view
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    template = setting_or_404("letter_template", request, pk)

    def save(form):
        changed = letter_services.letter_template_update(
            template=template,
            by=request.user,
            name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"],
            **_upload(form),
        )
        say_saved(request, changed, template.name)
        return redirect("council:letters")

    initial = {"name": template.name, "purpose": template.purpose}
    return form_page(
        request,
        form=forms.LetterTemplateForm(
            request.POST or None, request.FILES or None, initial=initial, replacing=True
        ),
        template="council/letter_form.html",
        context={
            "title": _("Change a letter template"),
            "caption": template.name,
            "back": reverse("council:letters"),
            "template": template,
            "merge_fields": MERGE_FIELDS,
        },
        on_valid=save,
    )


@council_view
@require_POST
def letter_active(request, pk):
    return switch_action(
        request,
        "letter_template",
        pk,
        switch=lambda t, active: letter_services.letter_template_set_active(
            template=t, by=request.user, active=active
        ),
        on=_("%(name)s offered again"),
        off=_("%(name)s retired"),
        edit="council:letter_edit",
    )
