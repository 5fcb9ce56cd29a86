"""The quarterly and enquiry-types reports: a page, and the same document to download."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wardcase.core.access import signed_in
from wardcase.reports import documents, exports
from wardcase.reports.forms import PeriodForm, bound_or_default
from wardcase.reports.views.common import ROLES, render_report


def _document_page(request, slug):
    form = bound_or_default(PeriodForm, request)
    if not form.is_valid():
        return render_report(request, form=form, title=_("Report"), slug=slug)
    document = documents.DOCUMENTS[slug](user=request.user, **form.cleaned_data)
    wanted = request.GET.get("format", "")
    if wanted in exports.FORMATS:
        content, content_type = exports.export(document, wanted)
        response = HttpResponse(content, content_type=content_type)
        name = exports.filename(document, wanted)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    downloads = []
    for each in exports.FORMATS:
        query["format"] = each
        downloads.append((each.upper(), f"?{query.urlencode()}"))
    return render_report(
        request,
        form=form,
        document=document,
        title=document.title,
        slug=slug,
        downloads=downloads,
    )


@signed_in(ROLES)
@require_safe
def quarterly(request):
    return _document_page(request, "quarterly")


@signed_in(ROLES)
@require_safe
def enquiry_types(request):
    return _document_page(request, "enquiry-types")
