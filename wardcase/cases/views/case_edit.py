"""Correcting a case's details. The version the editor saw guards against stale edits."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.cases import services
from wardcase.cases.access import case_view
from wardcase.cases.forms import CaseEditForm
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed, ServiceError


@case_view
@require_http_methods(["GET", "POST"])
def case_edit(request, case):
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = CaseEditForm(request.POST, user=request.user, case=case)
        if form.is_valid():
            try:
                changed = services.case_update_details(
                    case=case,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    changes=form.changes(),
                    constituent_changes=form.constituent(),
                )
            except ActionNotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except ServiceError as exc:
                _keep_edits_against_current_version(form, exc)
            else:
                messages.success(
                    request,
                    _("Details saved") if changed else _("Nothing was changed"),
                )
                return redirect(case)
        status = 400
    else:
        form = CaseEditForm(user=request.user, case=case)
    context = {"case": case, "form": form, "error_forms": [form]}
    return render(request, "cases/case_edit.html", context, status=status)


def _keep_edits_against_current_version(form, exc):
    """Show the error; after a stale edit, keep the user's values but the current version,
    so once they have checked the case as it is now, saving again does not lose their work."""
    form.add_service_error(exc)
    if exc.field == "version":
        data = form.data.copy()
        data["version"] = Case.objects.values_list("version", flat=True).get(pk=form.case.pk)
        form.data = data
