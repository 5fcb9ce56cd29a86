"""The case page: what is known, what happened, and what the viewer may do next."""

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from wardcase.audit.services import audit_case_read
from wardcase.cases import forms, selectors
from wardcase.cases.access import case_view
from wardcase.cases.charter_selectors import case_clocks
from wardcase.cases.choices import EventKind, Status, Visibility
from wardcase.cases.forms import charter as charter_forms
from wardcase.permissions.visibility import can_see_contact_details


class Panel:
    """One action on the case page: its form, where it posts, and whether it starts open."""

    def __init__(self, key, title, form_class, perms, url_name, button):
        self.key, self.title, self.form_class = key, title, form_class
        self.perms, self.url_name, self.button = perms, url_name, button

    def allowed(self, user, case):
        return any(user.has_perm(perm, case) for perm in self.perms)


PANELS = [
    Panel(
        "acknowledge",
        _("Acknowledge the case"),
        forms.AcknowledgeForm,
        ["cases.acknowledge_case"],
        "cases:acknowledge",
        _("Acknowledge"),
    ),
    Panel(
        "add_event",
        _("Add an update or note"),
        forms.EntryForm,
        ["cases.respond_case", "cases.note_case", "cases.message_case"],
        "cases:add_event",
        _("Add to the case"),
    ),
    Panel(
        "close",
        _("Close the case"),
        forms.CloseForm,
        ["cases.close_case"],
        "cases:close",
        _("Close the case"),
    ),
    Panel(
        "decline_closure",
        _("Not ready to close"),
        forms.DeclineClosureForm,
        ["cases.decline_closure"],
        "cases:decline_closure",
        _("Send it back to the officer"),
    ),
    Panel(
        "propose_closure",
        _("Propose closing the case"),
        forms.ProposeClosureForm,
        ["cases.respond_case"],
        "cases:propose_closure",
        _("Propose closure"),
    ),
    Panel(
        "send_back",
        _("Send back: not for your department"),
        forms.SendBackForm,
        ["cases.send_back_case"],
        "cases:send_back",
        _("Send back to the coordinators"),
    ),
    Panel(
        "assign",
        _("Assign the case"),
        forms.AssignForm,
        ["cases.assign_case"],
        "cases:assign",
        _("Assign"),
    ),
    Panel(
        "reopen",
        _("Reopen the case"),
        forms.ReopenForm,
        ["cases.reopen_case"],
        "cases:reopen",
        _("Reopen the case"),
    ),
    Panel(
        "attach",
        _("Add files"),
        forms.AttachForm,
        ["cases.attach_case"],
        "cases:attach",
        _("Add files"),
    ),
    Panel(
        "decide_extension",
        _("Answer the request for more time"),
        charter_forms.ExtensionDecisionForm,
        ["cases.decide_extension"],
        "cases:decide_extension",
        _("Send your answer"),
    ),
    Panel(
        "resume",
        _("Restart the deadlines"),
        charter_forms.ResumeForm,
        ["cases.resume_case"],
        "cases:resume",
        _("Restart the deadlines"),
    ),
    Panel(
        "pause",
        _("Pause the deadlines: waiting for information"),
        charter_forms.PauseForm,
        ["cases.pause_case"],
        "cases:pause",
        _("Pause the deadlines"),
    ),
    Panel(
        "request_extension",
        _("Ask the councillor for more time"),
        charter_forms.ExtensionRequestForm,
        ["cases.request_extension"],
        "cases:request_extension",
        _("Ask for more time"),
    ),
]
PANELS_BY_KEY = {panel.key: panel for panel in PANELS}

RESPONSE_KINDS = {EventKind.UPDATE, EventKind.FULL_RESPONSE}
ACTION_KINDS = {
    EventKind.CREATED,
    EventKind.ASSIGNED,
    EventKind.ACKNOWLEDGED,
    EventKind.CLOSED,
    EventKind.REOPENED,
    EventKind.CLOSURE_PROPOSED,
    EventKind.CLOSURE_DECLINED,
}


def _panel_title(panel, case, form):
    if panel.key == "assign" and case.department_id:
        return _("Reassign the case")
    if panel.key == "add_event" and getattr(form, "kinds", None) == [EventKind.MEMBER_MESSAGE]:
        return _("Send a message to the officer")
    if panel.key == "add_event" and getattr(form, "kinds", None) == [EventKind.NOTE]:
        return _("Add an internal note")
    return panel.title


def _primary_key(user, case, keys, events):
    """The action most likely next, open on arrival, so nobody hunts for it."""
    # An email came since closing: the councillor's side decides whether to reopen.
    if "reopen" in keys and any(
        e.data.get("after_close") and e.created_at >= case.closed_at for e in events
    ):
        return "reopen"
    if "assign" in keys and case.department_id is None:
        return "assign"
    if "acknowledge" in keys:
        return "acknowledge"
    if "close" in keys and case.closure_proposed_at:
        return "close"
    if "decide_extension" in keys:
        return "decide_extension"
    if "add_event" in keys and user.has_perm("cases.respond_case", case):
        return "add_event"
    return None


def _panels(request, case, bound, events):
    shown = []
    for panel in PANELS:
        if panel.key in bound:
            form = bound[panel.key]
        elif panel.allowed(request.user, case):
            form = panel.form_class(user=request.user, case=case)
        else:
            continue
        shown.append(
            {
                "key": panel.key,
                "title": _panel_title(panel, case, form),
                "form": form,
                "url_name": panel.url_name,
                "button": panel.button,
                "multipart": "attachments" in form.fields,
            }
        )
    keys = [p["key"] for p in shown]
    primary = next(iter(bound), None) or _primary_key(request.user, case, keys, events)
    for panel in shown:
        panel["open"] = panel["key"] == primary
    return shown, primary


def _timeline(user, case):
    """Newest first, with a style for each kind. Attachments come with their event."""
    events = list(selectors.case_timeline(user=user, case=case))
    for event in events:
        event.wc_internal = event.visibility == Visibility.INTERNAL
        if event.wc_internal:
            event.wc_style = "wc-timeline__item--internal"
        elif event.kind in RESPONSE_KINDS:
            event.wc_style = "wc-timeline__item--response"
        elif event.kind in ACTION_KINDS:
            event.wc_style = "wc-timeline__item--action"
        else:
            event.wc_style = ""
    events.reverse()
    return events


def render_case_page(request, case, *, bound=None, status=200):
    """The case page; `bound` holds a form that failed, shown open with its errors."""
    bound = bound or {}
    user = request.user
    # Read once for the page and the assign form.
    prefetch_related_objects([case], "additional_officers")
    events = _timeline(user, case)
    # Attachments the viewer may see are those on events they may see.
    attachments = [a for event in reversed(events) for a in event.attachments.all()]
    panels, primary = _panels(request, case, bound, events)
    # Closing is the councillor's decision and the case's end: one form, at the top, open
    # when the officer has answered or proposed closing (not a panel far down the page).
    close = next((p for p in panels if p["key"] == "close"), None)
    if close is not None:
        close["open"] = bool(
            "close" in bound or case.closure_proposed_at or case.status == Status.RESPONDED
        )
        primary = None if primary == "close" else primary
    proposal = None
    if case.is_open and case.closure_proposed_at:
        proposal = next((e for e in events if e.kind == EventKind.CLOSURE_PROPOSED), None)
    latest_response = next((e for e in events if e.kind in RESPONSE_KINDS), None)
    # A proposal sent back stays at the top until the officer next writes or proposes.
    answered = {*RESPONSE_KINDS, EventKind.CLOSURE_PROPOSED, EventKind.CLOSURE_DECLINED}
    last_word = next((e for e in events if e.kind in answered), None)
    sent_back = last_word if last_word and last_word.kind == EventKind.CLOSURE_DECLINED else None
    deadlines = case_clocks(case=case)
    # The top of the page says what is late and what is next, as a list row does.
    case.live_clocks = sorted(
        (view.clock for view in deadlines if view.clock.is_live),
        key=lambda clock: (clock.due_on, clock.kind),
    )
    context = {
        "case": case,
        "events": events,
        "attachments": attachments,
        "additional_officers": list(case.additional_officers.all()),
        "show_contact": can_see_contact_details(user, case),
        "panels": panels,
        "primary": primary,
        "close_panel": close,
        "side_panels": [p for p in panels if p is not close],
        "can_chase": user.has_perm("cases.chase_case", case),
        "perms_change": user.has_perm("cases.change_case", case),
        "proposal": proposal,
        "sent_back": sent_back if case.is_open else None,
        "latest_response": latest_response,
        "error_forms": list(bound.values()),
        "deadlines": deadlines,
    }
    response = render(request, "cases/case_detail.html", context, status=status)
    add_never_cache_headers(response)
    return response


@case_view
@require_safe
def case_detail(request, case):
    """Show a case; every read by someone other than its owner is audited."""
    audit_case_read(user=request.user, case=case, via="web")
    return render_case_page(request, case)
