"""Email on a case page: dropping an .eml/.msg on it, and downloading an email whole."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from wardcase.audit.services import audit_case_read
from wardcase.cases.access import case_view
from wardcase.cases.choices import Visibility
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.mail.inbound.forms import MailUploadForm
from wardcase.mail.inbound.uploads import case_inbound_get, case_mail_upload
from wardcase.permissions.case_actions import can_add_attachment
from wardcase.permissions.visibility import can_see_internal

CONTENT_TYPES = {"eml": "message/rfc822", "msg": "application/vnd.ms-outlook"}


@case_view
@require_http_methods(["GET", "POST"])
def case_mail_upload_view(request, case):
    """Add an email file to the case; errors come back on the form, nothing is lost."""
    if not can_add_attachment(request.user, case):
        raise PermissionDenied
    form = MailUploadForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case_mail_upload(
                    case=case, by=request.user, raw=form.cleaned_data["message"].read()
                )
            except ActionNotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The email has been added to the case."))
                return redirect(case)
        status = 400
    return render(
        request, "mail/inbound/case_upload.html", {"case": case, "form": form}, status=status
    )


@case_view
@require_safe
def case_mail_original(request, case, pk):
    """The email exactly as received (or the Outlook file as dropped), always as a download."""
    message = case_inbound_get(case=case, pk=pk)
    if message is None:
        raise Http404(_("No such email on this case."))
    internal = message.event_id and message.event.visibility == Visibility.INTERNAL
    if internal and not can_see_internal(request.user, case):
        raise Http404(_("No such email on this case."))
    audit_case_read(user=request.user, case=case, via="web")
    return raw_download(message)


def raw_download(message):
    body = bytes(message.original if message.original_format == "msg" else message.raw)
    response = HttpResponse(body, content_type=CONTENT_TYPES.get(message.original_format))
    response["Content-Disposition"] = f'attachment; filename="{message.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
