"""Writing a letter from the case page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wardcase.cases.access import case_view
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.letters.forms import LetterForm
from wardcase.letters.selectors import letter_template_get, letter_templates_offered
from wardcase.letters.services import letter_generate, letter_mark_sent
from wardcase.permissions.letters import can_generate_letter


@case_view
@require_POST
def letter_create(request, case):
    if not can_generate_letter(request.user, case):
        raise PermissionDenied  # they see the case (else case_view gave 404) but do not own it
    form = LetterForm(request.POST, templates=letter_templates_offered())
    try:
        if not form.is_valid():
            raise ServiceError(form.errors["template"][0], field="template")
        template = letter_template_get(template_id=form.cleaned_data["template"])
        attachment = letter_generate(case=case, template=template, by=request.user)
    except ActionNotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(f"{case.get_absolute_url()}#letters")
    messages.success(
        request,
        _("Letter “%(name)s” generated. It is in the case's files to download and edit in Word.")
        % {"name": attachment.original_name},
    )
    return redirect(f"{case.get_absolute_url()}#letters")


@case_view
@require_POST
def letter_sent(request, case):
    """Mark a generated letter as sent: on the timeline, and the case's written update."""
    if not can_generate_letter(request.user, case):
        raise PermissionDenied
    try:
        letter_mark_sent(case=case, attachment_id=request.POST.get("letter", ""), by=request.user)
    except ActionNotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Letter marked as sent. It counts as the case's written update.")
        )
    return redirect(f"{case.get_absolute_url()}#letters")
