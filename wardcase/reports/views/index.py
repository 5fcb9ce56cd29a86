"""The reports' start page."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from wardcase.core.access import signed_in
from wardcase.reports.views.common import ROLES


@signed_in(ROLES)
@require_safe
def index(request):
    return render(request, "reports/index.html")
