"""Static pages anyone may read."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from wardcase.core.access import public


@public
@require_safe
def accessibility(request):
    return render(request, "accessibility.html")
