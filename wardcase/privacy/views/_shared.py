"""What every privacy view shares: who may reach it, lookups that 404, ZIP responses."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound, ServiceError
from wardcase.permissions.privacy import PRIVACY_ROLES

privacy_view = signed_in(roles=PRIVACY_ROLES)


def get_or_404(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def zip_response(content, name):
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


def form_page(request, *, form, template, context, on_valid):
    """A GET shows the form; a valid POST runs `on_valid(cleaned_data)`, which calls a
    service and returns the redirect. A ServiceError lands on the form, keeping the input."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form.cleaned_data)
        except ServiceError as exc:
            form.add_service_error(exc)
    context = {**context, "form": form, "error_forms": [form]}
    return render(request, template, context, status=400 if form.is_bound else 200)
