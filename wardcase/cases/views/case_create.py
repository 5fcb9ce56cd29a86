"""Logging a case: the quick form a councillor or caseworker fills in at a surgery."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.cases import services
from wardcase.cases.forms import DETAIL_FIELDS, CaseCreateForm, ask_to_reattach_files
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, ServiceError


@signed_in()
@require_http_methods(["GET", "POST"])
def case_create(request):
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    if request.method == "POST":
        form = CaseCreateForm(request.POST, request.FILES, user=request.user)
        if not form.councillors:
            raise PermissionDenied(_("You do not act for any councillor."))
        if form.is_valid():
            case = _create(request, form)
            if case is not None:
                messages.success(
                    request, _("Case logged. Its reference is %(ref)s") % {"ref": case.reference}
                )
                return redirect(case)
        ask_to_reattach_files(request, form)
        status = 400
    else:
        form = CaseCreateForm(user=request.user)
        status = 200
    context = {"form": form, "error_forms": [form], "no_councillors": not form.councillors}
    return render(request, "cases/case_create.html", context, status=status)


def _create(request, form):
    """Call the service; on a ServiceError put its message on the field and return None."""
    data = form.cleaned_data
    try:
        return services.case_create(
            by=request.user,
            owner=data["owner"],
            constituent=form.constituent(),
            files=data["attachments"],
            **{key: data[key] for key in DETAIL_FIELDS},
        )
    except ActionNotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        form.add_service_error(exc)
        return None
