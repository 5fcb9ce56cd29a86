"""The home page: each role's own view of the cases that need them."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from wardcase.accounts.models import Role
from wardcase.cases import selectors
from wardcase.cases.choices import Status
from wardcase.core.access import signed_in
from wardcase.core.pagination import COUNT_CAP, paginate
from wardcase.core.panels import page_panels

PAGE_SIZE = 25
STATUS_FILTERS = [
    ("open", gettext_lazy("Open cases")),
    ("all", gettext_lazy("All cases")),
    *Status.choices,
]

HEADINGS = {
    Role.COUNCILLOR: gettext_lazy("Your cases"),
    Role.CASEWORKER: gettext_lazy("Your councillors' cases"),
    Role.COORDINATOR: gettext_lazy("Cases"),
    Role.OFFICER: gettext_lazy("Your queue"),
    Role.HEAD_OF_SERVICE: gettext_lazy("Your department's queue"),
}


def _status_filter(request):
    """The status chosen in the filter: 'open' unless the visitor chose another known one."""
    value = request.GET.get("status", "open")
    return value if value in dict(STATUS_FILTERS) else "open"


def case_list_section(
    request,
    *,
    key,
    title,
    filters,
    param="page",
    empty="",
    filterable=True,
    hint="",
    triage=False,
):
    """One titled, paginated list of the cases the user may see, as the dashboard shows it."""
    queryset = selectors.case_list(user=request.user, filters=filters)
    label = _("Pages of %(list)s") % {"list": title}
    page, links = paginate(
        request,
        queryset,
        param=param,
        label=label,
        per_page=PAGE_SIZE,
        cap=COUNT_CAP,
        rows=lambda ids: selectors.case_list_rows(ids=ids, filters=filters),
    )
    cases, now = list(page.object_list), timezone.now()
    for case in cases:
        # Rules are checked per row; the caseworker's councillors are loaded once above.
        case.wc_can_chase = request.user.has_perm("cases.chase_case", case)
        case.wc_can_close = key == "to_close" and request.user.has_perm("cases.close_case", case)
        case.wc_age_days = (now - case.created_at).days
    return {
        "key": key,
        "title": title,
        "cases": cases,
        "page": page,
        "pagination": links,
        "empty": empty,
        "filterable": filterable,
        "hint": hint,
        # New cases have no response yet: their rows say what routing needs instead.
        "triage": triage,
    }


def _heading_for(status, everyone_label):
    if status == "open":
        return everyone_label["open"]
    if status == "all":
        return everyone_label["all"]
    return _("%(status)s cases") % {"status": Status(status).label}


def _ready_to_close(request):
    """The open cases the user may close that an officer proposes to close, oldest
    proposal first, or None.

    Only the councillor's side closes a case, so these lead their home page rather than
    sitting among the other open cases. A ward colleague's case seen by consent is not
    theirs to close."""
    section = case_list_section(
        request,
        key="to_close",
        title=_("Ready to close"),
        filters=selectors.READY_TO_CLOSE,
        param="close_page",
        filterable=False,
        hint=_(
            "An officer has proposed closing these cases. Close one from here, or open it "
            "to send it back if more needs doing."
        ),
    )
    return section if section["page"].paginator.count else None


@signed_in()
@require_safe
def home(request):
    """Role-aware dashboard. Administrators, who see no case content, start at the council
    settings they run."""
    user = request.user
    if user.role == Role.ADMINISTRATOR:
        return redirect("council:index")
    status = _status_filter(request)
    filters = {"status": None if status == "all" else status}
    sections = []
    if user.role in {Role.COUNCILLOR, Role.CASEWORKER}:
        filters["own_desk"] = True
        title = _heading_for(status, {"open": _("Open cases"), "all": _("All cases")})
        to_close = _ready_to_close(request) if status == "open" else None
        if to_close:
            sections.append(to_close)
            title = _("Other open cases")
            filters = {**filters, "to_close": False}
        sections.append(
            case_list_section(
                request,
                key="yours",
                title=title,
                filters=filters,
                empty=_("There are no cases to show."),
            )
        )
    elif user.role == Role.COORDINATOR:
        sections.append(
            case_list_section(
                request,
                key="unassigned",
                title=_("New cases to assign"),
                hint=_("Most urgent first, then the longest waiting."),
                filters={"status": "open", "unassigned": True, "ordering": "triage"},
                param="new_page",
                filterable=False,
                triage=True,
                empty=_("Every open case has a department. Nothing is waiting to be assigned."),
            )
        )
        # The new cases are listed above; this list holds the rest, so none shows twice.
        title = _heading_for(
            status, {"open": _("Assigned open cases"), "all": _("All assigned cases")}
        )
        sections.append(
            case_list_section(
                request,
                key="all",
                title=title,
                filters={**filters, "unassigned": False},
                empty=_("No cases to show."),
            )
        )
    else:
        title = _heading_for(
            status,
            {
                "open": _("Open cases: update requested first, then soonest deadline"),
                "all": _("All cases"),
            },
        )
        sections.append(
            case_list_section(
                request,
                key="queue",
                title=title,
                filters={**filters, "ordering": "queue"},
                empty=_("No cases are waiting for you."),
            )
        )
    context = {
        "heading": HEADINGS.get(user.role, gettext_lazy("Cases")),
        "sections": sections,
        "status": status,
        "status_choices": STATUS_FILTERS,
        "show_owner": user.role != Role.COUNCILLOR,
        # Ward colleagues' cases seen by consent are in search, not on this list.
        "ward_search": user.role == Role.COUNCILLOR and user.ward_id,
        # Summary panels registered by the apps above (reports).
        **page_panels(page="home", user=user),
    }
    return render(request, "cases/dashboard.html", context)
