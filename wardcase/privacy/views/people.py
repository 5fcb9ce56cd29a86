"""Correcting and erasing a constituent's details, each with a reason."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.core.errors import ServiceError
from wardcase.privacy import selectors, services
from wardcase.privacy.forms import EraseForm, RectifyForm
from wardcase.privacy.views._shared import get_or_404, privacy_view

PERSON_FIELDS = ("name", "address", "postcode", "email", "phone", "contact_preference")


@privacy_view
@require_http_methods(["GET", "POST"])
def constituent_rectify(request, pk):
    constituent = get_or_404(selectors.constituent_get, user=request.user, pk=pk)
    initial = {key: getattr(constituent, key) for key in PERSON_FIELDS}
    form = RectifyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {key: form.cleaned_data[key] for key in PERSON_FIELDS}
        try:
            changed = services.constituent_rectify(
                constituent=constituent,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **fields,
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Details corrected") if changed else _("Nothing changed"))
            return redirect("privacy:constituent", pk=constituent.pk)
    context = {"constituent": constituent, "form": form, "error_forms": [form]}
    status = 400 if form.is_bound else 200
    return render(request, "privacy/rectify.html", context, status=status)


@privacy_view
@require_http_methods(["GET", "POST"])
def constituent_erase(request, pk):
    constituent = get_or_404(selectors.constituent_get, user=request.user, pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.constituent_erase(
                constituent=constituent,
                by=request.user,
                reason=form.cleaned_data["reason"],
                force=form.cleaned_data["force"],
            )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                _("Personal data erased from %(n)s cases") % {"n": counts["cases"]},
            )
            return redirect("privacy:constituent", pk=constituent.pk)
    context = {
        "constituent": constituent,
        "form": form,
        "error_forms": [form],
        "cases": selectors.constituent_cases(user=request.user, constituent=constituent),
    }
    status = 400 if form.is_bound else 200
    return render(request, "privacy/erase.html", context, status=status)
