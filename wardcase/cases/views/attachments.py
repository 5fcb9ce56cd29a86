"""Downloading a case's files: only through the case, only for those who may see it."""

from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from wardcase.audit.services import audit_case_read
from wardcase.cases import selectors
from wardcase.cases.access import case_view
from wardcase.cases.uploads import download_name
from wardcase.core.errors import NotFound


@case_view
@require_safe
def attachment_download(request, case, pk):
    try:
        case, attachment = selectors.case_attachment_get(
            user=request.user, reference=case.reference, attachment_id=pk
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    audit_case_read(user=request.user, case=case, via="web")
    # Always a download, never rendered by the browser: an upload cannot run as a page.
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
