"""Logging a case: the quick form a councillor or caseworker fills in at a surgery."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.cases import services
from wardcase.cases.forms import DETAIL_FIELDS, CaseCreateForm, ask_to_reattach_files
from wardcase.core import idempotency
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, ServiceError

# A double submit (or a refresh after a timeout) of one rendered form logs one case.
FORM_FINGERPRINT = idempotency.fingerprint("web", "cases:create")


@signed_in()
@require_http_methods(["GET", "POST"])
def case_create(request):
    if not request.user.has_perm("cases.add_case"):
        raise PermissionDenied
    key = idempotency.form_key(request) if request.method == "POST" else ""
    if key:
        earlier = idempotency.earlier_result(
            user=request.user, key=key, request_fingerprint=FORM_FINGERPRINT
        )
        if earlier:
            return _already_logged(request, earlier)
    if request.method == "POST":
        form = CaseCreateForm(request.POST, request.FILES, user=request.user)
        if not form.councillors:
            raise PermissionDenied(_("You do not act for any councillor."))
        if form.is_valid():
            case, earlier = _create_once(request, form, key)
            if earlier:
                return _already_logged(request, earlier)
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
    context = {
        "form": form,
        "error_forms": [form],
        "no_councillors": not form.councillors,
        "idempotency_key": key or idempotency.new_form_key(),
    }
    return render(request, "cases/case_create.html", context, status=status)


def _create_once(request, form, key):
    """(case, None) having logged the case, (None, None) on a form error, or (None, the
    earlier result) if the same form was submitted meanwhile and logged its case."""
    if not key:
        return _create(request, form), None
    with transaction.atomic():
        earlier, claimed = idempotency.claim(
            user=request.user, key=key, request_fingerprint=FORM_FINGERPRINT
        )
        if earlier is not None:
            return None, earlier.response_body or {}
        case = _create(request, form)
        if case is None:
            transaction.set_rollback(True)  # the key is free for the corrected form
            return None, None
        idempotency.remember(
            claimed,
            status_code=302,
            body={"location": case.get_absolute_url(), "reference": case.reference},
        )
    return case, None


def _already_logged(request, earlier):
    if "location" not in earlier:
        messages.info(request, _("This case is still being logged. Check your cases shortly."))
        return redirect("home")
    messages.info(
        request,
        _("This case was already logged. Its reference is %(ref)s") % {"ref": earlier["reference"]},
    )
    return redirect(earlier["location"])


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
