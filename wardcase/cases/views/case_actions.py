"""One POST per action on a case. Each checks the rule, calls its service and redirects.

A refused rule is a 403; a ServiceError shows the case page again with the message on the
field it names (400), the values kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wardcase.cases import forms, selectors, services
from wardcase.cases.access import case_view
from wardcase.cases.choices import EventKind, Outcome
from wardcase.cases.views.panel_actions import case_panel_action
from wardcase.core.errors import NeedsConfirmation, NotFound, ServiceError


def _files(request):
    return request.FILES.getlist("attachments")


@case_view
@require_POST
def case_assign(request, case):
    def call(data):
        return services.case_assign(
            case=case,
            by=request.user,
            department=data["department"],
            lead_officer=data["lead_officer"],
            additional_officers=list(data["additional_officers"]),
            reason=data["reason"],
        )

    return case_panel_action(
        request=request,
        case=case,
        panel_key="assign",
        call=call,
        success=lambda c: (
            _("%(ref)s assigned to %(officer)s in %(department)s")
            % {"ref": c.reference, "officer": c.lead_officer, "department": c.department}
        ),
    )


@case_view
@require_POST
def case_send_back(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="send_back",
        call=lambda data: services.case_send_back(
            case=case, by=request.user, reason=data["reason"]
        ),
        success=lambda c: (
            _("%(ref)s sent back to the coordinators to be routed again.") % {"ref": c.reference}
        ),
    )


@case_view
@require_POST
def case_acknowledge(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="acknowledge",
        call=lambda data: services.case_acknowledge(
            case=case, by=request.user, message=data["message"]
        ),
        success=_("Case acknowledged. The councillor has been told."),
    )


@case_view
@require_POST
def case_add_event(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="add_event",
        call=lambda data: services.case_add_event(
            case=case, by=request.user, kind=data["kind"], body=data["body"], files=_files(request)
        ),
        success=lambda event: (
            _("%(kind)s added to the case") % {"kind": EventKind(event.kind).label}
        ),
    )


@case_view
@require_POST
def case_propose_closure(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="propose_closure",
        call=lambda data: services.case_propose_closure(
            case=case, by=request.user, reason=data["reason"]
        ),
        success=_("Closure proposed. The councillor decides whether to close the case."),
    )


def _close_page(request, case, form, *, status=200):
    """The confirm step of closing: the officer's last word above the form."""
    last_word = None
    for event in selectors.case_timeline(user=request.user, case=case):
        if event.kind in {EventKind.UPDATE, EventKind.FULL_RESPONSE, EventKind.CLOSURE_PROPOSED}:
            last_word = event
    data = request.POST if request.method == "POST" else request.GET
    context = {
        "case": case,
        "form": form,
        "last_word": last_word,
        "next": _back(request, case, data),
    }
    return render(request, "cases/close_confirm.html", context, status=status)


@case_view
@require_http_methods(["GET", "POST"])
def case_close(request, case):
    """Close the case. GET is the confirm step the home page's "Ready to close" rows lead
    to (one tap on a list closes nothing); a post from it returns there, errors and all."""
    if request.method == "GET":
        if not request.user.has_perm("cases.close_case", case):
            raise PermissionDenied
        return _close_page(request, case, forms.CloseForm(user=request.user, case=case))
    from_list = bool(request.POST.get("next"))
    return case_panel_action(
        request=request,
        case=case,
        panel_key="close",
        call=lambda data: services.case_close(
            case=case,
            by=request.user,
            outcome=data["outcome"],
            comment=data["comment"],
            authority=data.get("authority", ""),
        ),
        success=lambda c: (
            _("Case %(ref)s closed: %(outcome)s")
            % {"ref": c.reference, "outcome": Outcome(c.outcome).label}
        ),
        redirect_to=_back(request, case) if from_list else None,
        show_errors=(lambda form: _close_page(request, case, form, status=400))
        if from_list
        else None,
    )


@case_view
@require_POST
def case_decline_closure(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="decline_closure",
        call=lambda data: services.case_decline_closure(
            case=case, by=request.user, reason=data["reason"]
        ),
        success=_("The case stays open. The officer has been told what still needs doing."),
    )


@case_view
@require_POST
def case_reopen(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="reopen",
        call=lambda data: services.case_reopen(
            case=case,
            by=request.user,
            reason=data["reason"],
            authority=data.get("authority", ""),
        ),
        success=_("Case reopened. The officer has been told."),
    )


@case_view
@require_POST
def case_attach(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="attach",
        call=lambda data: services.case_attach(
            case=case, by=request.user, files=_files(request), note=data["note"]
        ),
        success=lambda stored: _("%(count)s file(s) added to the case") % {"count": len(stored)},
    )


def _back(request, case, data=None):
    """Where an action from a list returns to: the page it came from, if it is ours."""
    target = (request.POST if data is None else data).get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return case.get_absolute_url()


@case_view
@require_POST
def case_chase(request, case):
    """The one-click "Request an update". With htmx, answers a fragment for a live region.

    A repeat within one working day asks first (the service decides): a question in the
    live region with htmx, else a page, each with a button that sends `confirm`.
    """
    htmx = request.headers.get("HX-Request") == "true"
    back = _back(request, case)
    try:
        services.case_chase(case=case, by=request.user, confirm=request.POST.get("confirm") == "1")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except NeedsConfirmation as exc:
        context = {"case": case, "question": exc.message, "next": back}
        if htmx:
            return render(request, "cases/includes/chase_result.html", context)
        return render(request, "cases/chase_confirm.html", context)
    except ServiceError as exc:
        if htmx:
            context = {"case": case, "error": exc.message}
            return render(request, "cases/includes/chase_result.html", context)
        raise PermissionDenied(exc.message) from exc
    if htmx:
        return render(request, "cases/includes/chase_result.html", {"case": case})
    messages.success(
        request,
        _("Update requested on %(ref)s. The officer has been told.") % {"ref": case.reference},
    )
    return redirect(back)
