"""Draft cases made from forwarded emails: the list, and confirming or discarding one."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wardcase.cases.similar import earlier_cases_of_person
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError
from wardcase.core.pagination import paginate
from wardcase.mail.inbound.drafts import draft_confirm, draft_discard
from wardcase.mail.inbound.forms import DraftConfirmForm
from wardcase.mail.models_inbound import DraftCase
from wardcase.mail.selectors import draft_get, visible_drafts
from wardcase.permissions.mail import FORWARDERS


def _draft_or_404(request, pk):
    try:
        return draft_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@signed_in(FORWARDERS)
@require_safe
def draft_list(request):
    queryset = (
        visible_drafts(user=request.user)
        .filter(state=DraftCase.State.PENDING)
        .select_related("owner", "forwarded_by")
        .order_by("-created_at", "-id")
    )
    page, pagination = paginate(request, queryset, label=_("Pages of draft cases"))
    context = {
        "page": page,
        "pagination": pagination,
        "intake_address": settings.WARDCASE_INTAKE_ADDRESS,
    }
    return render(request, "mail/inbound/drafts.html", context)


def _initial(draft):
    return {
        "owner": draft.owner,
        "subject": draft.subject,
        "description": draft.description,
        "constituent_name": draft.constituent_name,
        "constituent_email": draft.constituent_email,
        "constituent_address": draft.constituent_address,
        "constituent_postcode": draft.constituent_postcode,
    }


@signed_in(FORWARDERS)
@require_http_methods(["GET", "POST"])
def draft_detail(request, pk):
    """Check and edit what was read from the email, then log the case."""
    draft = _draft_or_404(request, pk)
    form = DraftConfirmForm(request.POST or None, user=request.user, initial=_initial(draft))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = draft_confirm(
                    draft=draft,
                    by=request.user,
                    owner=data["owner"],
                    service=data["service"],
                    subject=data["subject"],
                    description=data["description"],
                    constituent=form.constituent(),
                )
            except ActionNotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Case %(ref)s logged.") % {"ref": case.reference})
                return redirect(case)
        status = 400
    # Has this constituent raised cases before? Only cases the user may see are shown.
    person = earlier_cases_of_person(
        user=request.user,
        details={
            "name": draft.constituent_name,
            "postcode": draft.constituent_postcode,
            "email": draft.constituent_email,
            "phone": "",
        },
    )
    context = {"draft": draft, "form": form, "person": person, "issue": []}
    return render(request, "mail/inbound/draft_detail.html", context, status=status)


@signed_in(FORWARDERS)
@require_POST
def draft_discard_view(request, pk):
    draft = _draft_or_404(request, pk)
    try:
        draft_discard(draft=draft, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The draft case has been discarded."))
    return redirect("mail_inbound:drafts")
