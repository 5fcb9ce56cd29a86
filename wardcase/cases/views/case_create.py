"""Logging a case: the quick form a councillor or caseworker fills in at a surgery."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from wardcase.cases import services
from wardcase.cases.choices import Channel
from wardcase.cases.forms import DETAIL_FIELDS, CaseCreateForm, ask_to_reattach_files
from wardcase.cases.new_case_selectors import people_matching, services_for_new_case
from wardcase.cases.views.surgeries import surgery_or_404
from wardcase.charter.models import CharterRule
from wardcase.charter.sla import resolve_terms
from wardcase.core import idempotency
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.permissions.case_actions import can_create_case

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
                messages.success(request, _what_happens_next(case))
                if case.surgery_id:  # at a surgery: straight on to the next person
                    return redirect(_at_surgery_url(case.surgery_id))
                return redirect(case)
        ask_to_reattach_files(request, form)
        status = 400
    else:
        form = CaseCreateForm(user=request.user, initial=_surgery_initial(request))
        status = 200
    surgery = form["surgery"].value()
    context = {
        "form": form,
        "surgery": surgery_or_404(request, surgery) if surgery else None,
        "error_forms": [form],
        "no_councillors": not form.councillors,
        "idempotency_key": key or idempotency.new_form_key(),
        "services": services_for_new_case(user=request.user),
        "more_open": bool(form.errors.keys() & MORE_DETAILS),
    }
    return render(request, "cases/case_create.html", context, status=status)


# The fields folded behind "Add more details", opened when one of them has an error.
MORE_DETAILS = {
    "constituent_address",
    "constituent_contact_preference",
    "subject",
    "location",
    "case_type",
    "enquirer_type",
    "priority",
    "consent_share_ward",
    "consent_share_officers",
    "restricted",
    "attachments",
}


def _what_happens_next(case):
    """The banner after logging: the reference, and who acts next by when, in the terms of
    the charter for the service's department."""
    department = case.service.department
    terms = resolve_terms(
        list(CharterRule.objects.all()),
        department_id=department.pk,
        directorate_id=department.directorate_id,
        case_type=case.case_type,
    )
    return _(
        "Case logged. Its reference is %(ref)s. What happens next: member services pass it "
        "to %(department)s, who should acknowledge it within %(ack)s working days and answer "
        "in full within %(respond)s. You will be emailed at each step."
    ) % {
        "ref": case.reference,
        "department": department.name,
        "ack": terms.acknowledge_days,
        "respond": terms.response_days,
    }


@signed_in()
@require_safe
def case_people(request):
    """The htmx panel beside the person fields: people the user may link the case to."""
    if not can_create_case(request.user):
        raise PermissionDenied
    query = request.GET
    matches = people_matching(
        user=request.user,
        **{
            key: query.get(f"constituent_{key}", "")
            for key in ("name", "email", "phone", "postcode")
        },
    )
    return render(request, "cases/includes/people_matches.html", {"matches": matches})


def _surgery_initial(request):
    """Logging at a surgery (?surgery=ID): channel "surgery", its place and councillor."""
    pk = request.GET.get("surgery", "")
    if not pk.isdigit():
        return {}
    surgery = surgery_or_404(request, int(pk))
    return {
        "surgery": surgery.pk,
        "channel": Channel.SURGERY,
        "location": surgery.place,
        "owner": surgery.councillor_id,
    }


def _at_surgery_url(pk):
    return f"{reverse('cases:create')}?{urlencode({'surgery': pk})}"


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
            **form.person(),
            files=data["attachments"],
            surgery=data["surgery"],
            **{key: data[key] for key in DETAIL_FIELDS},
        )
    except ActionNotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        form.add_service_error(exc)
        return None
