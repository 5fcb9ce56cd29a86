"""Importing cases from the council's previous system: upload, dry run, progress, report.

The import itself is `wardcase.moving`'s service, run by a background task; these pages
start it, poll its progress with htmx and show or download its report.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from wardcase.core.errors import NotFound
from wardcase.council import forms
from wardcase.council.views.common import council_view, form_page
from wardcase.moving.columns import COLUMNS
from wardcase.moving.selectors import case_import_get, case_imports_recent
from wardcase.moving.services import uploads
from wardcase.moving.services.importing import report_write

REPORT_ROWS_SHOWN = 200


def _import_or_404(request, pk):
    try:
        return case_import_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@council_view
@require_http_methods(["GET", "POST"])
def imports(request):
    def start(form):
        job = uploads.case_import_start(
            by=request.user,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("council:import_detail", pk=job.pk)

    return form_page(
        request,
        form=forms.CaseImportForm(request.POST or None, request.FILES or None),
        template="council/imports.html",
        context={"columns": COLUMNS, "recent": case_imports_recent(user=request.user)},
        on_valid=start,
    )


@council_view
@require_GET
def import_detail(request, pk):
    job = _import_or_404(request, pk)
    context = {"job": job, "problems": job.report[:REPORT_ROWS_SHOWN]}
    if request.headers.get("HX-Request"):
        return render(request, "council/includes/import_progress.html", context)
    return render(request, "council/import_detail.html", context)


@council_view
@require_GET
def import_report(request, pk):
    job = _import_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.csv"'
    report_write(out=response, rows=job.report)
    return response
