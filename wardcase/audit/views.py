"""The audit pages: who viewed or changed a case between two dates."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from wardcase.audit import selectors
from wardcase.audit.forms import CaseHistoryForm
from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound
from wardcase.core.pagination import paginate

ACTION_LABELS = {
    "case.viewed": gettext_lazy("Viewed"),
    "case.created": gettext_lazy("Logged the case"),
    "case.edited": gettext_lazy("Changed details"),
    "case.assigned": gettext_lazy("Assigned"),
    "case.acknowledged": gettext_lazy("Acknowledged"),
    "case.note": gettext_lazy("Added an internal note"),
    "case.update": gettext_lazy("Added an officer update"),
    "case.full_response": gettext_lazy("Added the full response"),
    "case.member_message": gettext_lazy("Added a message from the councillor's side"),
    "case.chased": gettext_lazy("Asked for an update"),
    "case.closure_proposed": gettext_lazy("Proposed closure"),
    "case.closure_declined": gettext_lazy("Did not agree to close"),
    "case.closed": gettext_lazy("Closed"),
    "case.reopened": gettext_lazy("Reopened"),
    "case.attachment_added": gettext_lazy("Added files"),
    "privacy.access_request_exported": gettext_lazy("Exported for a subject access request"),
    "privacy.councillor_exported": gettext_lazy("Exported for the departing councillor"),
    "privacy.rectified": gettext_lazy("Corrected the constituent's details"),
    "privacy.erased": gettext_lazy("Erased personal data"),
    "privacy.handed_over": gettext_lazy("Handed over to another councillor"),
}


def describe(entry):
    """An audit entry's action in words, with how a view happened where it is known."""
    label = str(ACTION_LABELS.get(entry.action, entry.action))
    via = entry.detail.get("via") if isinstance(entry.detail, dict) else None
    if via:
        label = _("%(action)s (%(via)s)") % {"action": label, "via": via}
    return label


@signed_in(roles=selectors.AUDIT_READER_ROLES)
@require_safe
def case_history(request):
    if set(request.GET) <= {"reference"}:
        # Arriving from a case page: the reference filled in, the dates still to choose.
        form = CaseHistoryForm(initial={"reference": request.GET.get("reference", "")})
    else:
        form = CaseHistoryForm(request.GET)
    context = {"form": form, "error_forms": [form]}
    status = 200
    if form.is_bound and form.is_valid():
        try:
            case, entries = selectors.case_history(
                user=request.user,
                reference=form.cleaned_data["reference"],
                date_from=form.cleaned_data["date_from"],
                date_to=form.cleaned_data["date_to"],
            )
        except NotFound:
            form.add_error("reference", _("There is no case with that reference"))
            status = 400
        else:
            page, links = paginate(request, entries, label=_("Pages of audit entries"))
            rows = [(entry, describe(entry)) for entry in page.object_list]
            context.update({"case": case, "page": page, "pagination": links, "rows": rows})
    elif form.is_bound:
        status = 400
    return render(request, "audit/case_history.html", context, status=status)
