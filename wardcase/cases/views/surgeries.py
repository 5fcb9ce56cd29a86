"""Surgeries: open a session (place and time), then log its cases one after another."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from wardcase.cases import selectors, services
from wardcase.cases.forms import SurgeryForm
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError


def surgery_or_404(request, pk):
    """A surgery of a councillor the user logs cases for; any other answers 404."""
    try:
        return selectors.surgery_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@signed_in()
@require_http_methods(["GET", "POST"])
def surgery_list(request):
    """The user's surgeries with how many cases each, and the form to open a new one."""
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    form = SurgeryForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                surgery = services.surgery_open(
                    by=request.user,
                    councillor=form.cleaned_data["councillor"],
                    place=form.cleaned_data["place"],
                    starts_at=form.starts_at(),
                )
            except ActionNotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Surgery opened. Log its cases one after another."))
                return redirect(surgery)
        status = 400
    context = {
        "form": form,
        "error_forms": [form],
        "surgeries": selectors.surgeries_for(user=request.user)[:50],
    }
    return render(request, "cases/surgeries/list.html", context, status=status)


@signed_in()
@require_safe
def surgery_detail(request, pk):
    """One surgery: the cases logged at it so far, and "Log a case at this surgery"."""
    surgery = surgery_or_404(request, pk)
    context = {
        "surgery": surgery,
        "cases": selectors.surgery_cases(user=request.user, surgery=surgery),
    }
    return render(request, "cases/surgeries/detail.html", context)
