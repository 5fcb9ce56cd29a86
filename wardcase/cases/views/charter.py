"""Charter pages: the actions on a case's clocks, the overdue list and officers' queues."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wardcase.accounts.models import Role, User
from wardcase.cases import services
from wardcase.cases.access import case_view
from wardcase.cases.charter_selectors import (
    overdue_clock_rows,
    overdue_clocks,
    with_working_days_late,
)
from wardcase.cases.tally import fresh_tally, officer_figures
from wardcase.cases.views.dashboard import case_list_section
from wardcase.cases.views.panel_actions import case_panel_action
from wardcase.core.access import signed_in
from wardcase.core.pagination import COUNT_CAP, paginate
from wardcase.directory.models import Department
from wardcase.permissions.grants import departments_run_by

OVERSEERS = [Role.COORDINATOR, Role.HEAD_OF_SERVICE]


@case_view
@require_POST
def case_pause(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="pause",
        call=lambda data: services.case_pause(case=case, by=request.user, reason=data["reason"]),
        success=_("Deadlines paused while the case waits for information."),
    )


@case_view
@require_POST
def case_resume(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="resume",
        call=lambda data: services.case_resume(case=case, by=request.user, note=data["note"]),
        success=_("Deadlines running again, moved on by the working days lost."),
    )


@case_view
@require_POST
def case_request_extension(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="request_extension",
        call=lambda data: services.case_request_extension(
            case=case,
            by=request.user,
            kind=data["kind"],
            working_days=data["working_days"],
            reason=data["reason"],
        ),
        success=_("Request sent. The councillor decides."),
    )


@case_view
@require_POST
def case_decide_extension(request, case):
    return case_panel_action(
        request=request,
        case=case,
        panel_key="decide_extension",
        call=lambda data: services.case_decide_extension(
            case=case, by=request.user, approve=data["approve"], note=data["note"]
        ),
        success=lambda extension: (
            _("Extra time agreed. The officer has been told.")
            if extension.decision == "approved"
            else _("Extra time refused. The officer has been told.")
        ),
    )


@signed_in(roles=OVERSEERS)
@require_safe
def overdue(request):
    """Every deadline past its date on cases the viewer may see, oldest first."""
    departments = Department.objects.filter(active=True)
    if request.user.role == Role.HEAD_OF_SERVICE:
        departments = departments.filter(pk__in=departments_run_by(request.user))
    department = None
    if request.GET.get("department", "").isdigit():
        department = departments.filter(pk=request.GET["department"]).first()
    clocks = overdue_clocks(user=request.user, department=department)
    page, pagination = paginate(
        request,
        clocks,
        label=_("Pages of overdue deadlines"),
        cap=COUNT_CAP,
        rows=lambda ids: overdue_clock_rows(ids=ids),
    )
    # The officers' figures come from the deadline tally while it is fresh (counted live
    # over every officer, they cost more than the rest of the page).
    taken = fresh_tally()
    context = {
        "page": page,
        "clocks": with_working_days_late(clocks=page.object_list),
        "pagination": pagination,
        "departments": departments,
        "department": department,
        "queues": officer_figures(
            user=request.user,
            departments=[department] if department else departments,
            taken=taken,
        ),
        "queues_taken_at": taken.at if taken else None,
    }
    return render(request, "cases/charter/overdue.html", context)


@signed_in(roles=OVERSEERS)
@require_safe
def officer_queue(request, username):
    """One officer's open cases, soonest deadline first, as the officer sees their own."""
    officers = User.objects.filter(role__in=[Role.OFFICER, Role.HEAD_OF_SERVICE])
    if request.user.role == Role.HEAD_OF_SERVICE:
        officers = officers.filter(department__in=departments_run_by(request.user))
    officer = get_object_or_404(officers, username=username)
    section = case_list_section(
        request,
        key="queue",
        title=_("Open cases led by %(name)s, soonest deadline first") % {"name": officer},
        filters={"status": "open", "ordering": "next_deadline", "lead_officer": officer},
        empty=_("%(name)s has no open cases.") % {"name": officer},
        filterable=False,
    )
    context = {"officer": officer, "section": section, "show_owner": True}
    return render(request, "cases/charter/officer_queue.html", context)
