"""What every report page shares: who may see reports and how a report page is drawn."""

from django.shortcuts import render

from wardcase.permissions.reports import REPORT_ROLES

ROLES = sorted(REPORT_ROLES)


def render_report(request, *, template="reports/report.html", form, document=None, **context):
    status = 400 if form.is_bound and form.errors else 200
    context.update({"form": form, "error_forms": [form], "document": document})
    return render(request, template, context, status=status)
