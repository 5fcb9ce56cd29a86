"""The audit pages: who viewed or changed a case between two dates."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wardcase.audit.actions import action_label
from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound
from wardcase.core.pagination import paginate
from wardcase.privacy import audit_selectors as selectors
from wardcase.privacy.audit_forms import CaseHistoryForm


def describe(entry):
    """An audit entry's action in words, with how a view happened where it is known."""
    label = str(action_label(entry.action))
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
