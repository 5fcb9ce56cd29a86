"""Report pages: response times, volumes, and the two reports with their downloads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wardcase.core.access import signed_in
from wardcase.permissions.reports import REPORT_ROLES, groups_for
from wardcase.reports import documents, exports, queries
from wardcase.reports.dimensions import RESPONSE_TIME_GROUPS, VOLUME_GROUPS
from wardcase.reports.forms import GroupedPeriodForm, PeriodForm, bound_or_default

ROLES = sorted(REPORT_ROLES)


def _render(request, *, template="reports/report.html", form, document=None, **context):
    status = 400 if form.is_bound and form.errors else 200
    context.update({"form": form, "error_forms": [form], "document": document})
    return render(request, template, context, status=status)


@signed_in(ROLES)
@require_safe
def index(request):
    return render(request, "reports/index.html")


def _grouped(request, *, slug, title, groups, build):
    groups = groups_for(request.user, groups)
    form = bound_or_default(GroupedPeriodForm, request, groups=groups)
    document = None
    if form.is_valid():
        data = form.cleaned_data
        period = {"date_from": data["date_from"], "date_to": data["date_to"]}
        document = documents.Document(slug, title, **period)
        document.sections = build(request.user, data["group"], period)
    return _render(request, form=form, document=document, title=title, slug=slug)


@signed_in(ROLES)
@require_safe
def response_times(request):
    def build(user, group, period):
        report = queries.response_times(user=user, group=group, **period)
        return [documents.response_times_section(report)]

    return _grouped(
        request,
        slug="response-times",
        title=_("Response times"),
        groups=RESPONSE_TIME_GROUPS,
        build=build,
    )


@signed_in(ROLES)
@require_safe
def volumes(request):
    def build(user, group, period):
        sections = [documents.volumes_section(queries.volumes(user=user, group=group, **period))]
        return [*sections, documents.hot_spots_section(queries.hot_spots(user=user, **period))]

    return _grouped(request, slug="volumes", title=_("Volumes"), groups=VOLUME_GROUPS, build=build)


def _document_page(request, slug):
    form = bound_or_default(PeriodForm, request)
    if not form.is_valid():
        return _render(request, form=form, title=_("Report"), slug=slug)
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
    return _render(
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
