"""Sharing a case, linking it, answering linked cases, and the matches shown at capture.

A refused rule is a 403; a ServiceError shows the form again on its own page with the
message on its field (400), the values kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wardcase.accounts.models import User
from wardcase.cases import selectors
from wardcase.cases.access import case_view
from wardcase.cases.forms.sharing import LinkForm, RespondLinkedForm, ShareForm, UnlinkForm
from wardcase.cases.services.linking import case_link, case_respond_linked, case_unlink
from wardcase.cases.services.sharing import case_share, case_unshare
from wardcase.cases.similar import earlier_cases_of_person, same_issue_cases, similar_to_case
from wardcase.core.access import signed_in
from wardcase.core.errors import ActionNotAllowed, NotFound, ServiceError
from wardcase.directory.models import Service
from wardcase.permissions.case_actions import can_create_case
from wardcase.permissions.visibility import councillors_user_may_log_for


class SideForm:
    """An action on a case done on its own small page: its form, rule and service call.

    GET shows the form; POST runs `run(request, case, cleaned_data)`, which calls the
    service and returns the success message.
    """

    def __init__(self, *, form_class, title, url_name, button, perm, run):
        self.form_class, self.title, self.url_name = form_class, title, url_name
        self.button, self.perm, self.run = button, perm, run

    def view(self):
        @case_view
        @require_http_methods(["GET", "POST"])
        def side_form_view(request, case):
            return self.respond(request, case)

        return side_form_view

    def respond(self, request, case):
        if not request.user.has_perm(self.perm, case):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = self.form_class(data, user=request.user, case=case)
        status = 200
        if data is not None:
            if form.is_valid():
                try:
                    message = self.run(request, case, form.cleaned_data)
                except ActionNotAllowed as exc:
                    raise PermissionDenied(exc.message) from exc
                except NotFound as exc:
                    # Said on the field, as if the other case did not exist.
                    form.add_service_error(ServiceError(exc.message, field="reference"))
                except ServiceError as exc:
                    form.add_service_error(exc)
                else:
                    messages.success(request, message)
                    return redirect(case)
            status = 400
        context = {"case": case, "form": form, "side": self}
        return render(request, "cases/case_side_form.html", context, status=status)


def _share(request, case, data):
    case_share(case=case, by=request.user, user=data["user"], reason=data["reason"])
    return _("Case shared with %(name)s") % {"name": data["user"]}


def _link(request, case, data):
    other = selectors.case_get(user=request.user, reference=data["reference"].strip())
    case_link(case=case, other=other, by=request.user, reason=data["reason"])
    return _("Linked to %(ref)s") % {"ref": other.reference}


def _unlink(request, case, data):
    other = selectors.case_get(user=request.user, reference=data["reference"])
    case_unlink(case=case, other=other, by=request.user, reason=data["reason"])
    return _("%(ref)s is no longer linked") % {"ref": other.reference}


def _respond_linked(request, case, data):
    events, skipped = case_respond_linked(
        case=case, by=request.user, kind=data["kind"], body=data["body"]
    )
    message = _("Your answer was added to %(count)s case(s)") % {"count": len(events)}
    if skipped:
        message += " " + _("(%(count)s linked case(s) you do not work on were left out)") % {
            "count": skipped
        }
    return message


case_share_view = SideForm(
    form_class=ShareForm,
    title=gettext_lazy("Share the case"),
    url_name="cases:share",
    button=gettext_lazy("Share"),
    perm="cases.share_case",
    run=_share,
).view()
case_link_view = SideForm(
    form_class=LinkForm,
    title=gettext_lazy("Link to another case"),
    url_name="cases:link",
    button=gettext_lazy("Link the cases"),
    perm="cases.link_case",
    run=_link,
).view()
case_unlink_view = SideForm(
    form_class=UnlinkForm,
    title=gettext_lazy("Unlink a case"),
    url_name="cases:unlink",
    button=gettext_lazy("Unlink"),
    perm="cases.link_case",
    run=_unlink,
).view()
case_respond_linked_view = SideForm(
    form_class=RespondLinkedForm,
    title=gettext_lazy("Answer every linked case"),
    url_name="cases:respond_linked",
    button=gettext_lazy("Send to every linked case"),
    perm="cases.respond_case",
    run=_respond_linked,
).view()


@case_view
@require_POST
def case_unshare_view(request, case):
    """Stop sharing with one person: it ends at once."""
    if not request.user.has_perm("cases.share_case", case):
        raise PermissionDenied
    person = User.objects.filter(pk=request.POST.get("user") or None).first()
    try:
        case_unshare(case=case, by=request.user, user=person)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s can no longer see the case") % {"name": person})
    return redirect(case)


@signed_in()
@require_safe
def capture_matches(request):
    """The htmx panel on the new-case page: earlier cases of this person, and the same
    issue raised with a ward colleague, within what the user may see."""
    if not can_create_case(request.user):
        raise PermissionDenied
    query = request.GET
    details = {key: query.get(f"constituent_{key}", "") for key in ("name", "postcode", "email")}
    details["phone"] = query.get("constituent_phone", "")
    person = earlier_cases_of_person(user=request.user, details=details)
    service = Service.objects.filter(pk=query.get("service") or None, active=True).first()
    mine = councillors_user_may_log_for(request.user)
    owner = mine.filter(pk=query.get("owner") or None).first() or mine.first() or request.user
    issue = []
    if service is not None:
        issue = same_issue_cases(
            user=request.user,
            service=service,
            ward=owner.ward,
            postcode=details["postcode"],
            location=query.get("location", ""),
            text=f"{query.get('subject', '')} {query.get('description', '')}",
        )
    context = {"person": person, "issue": issue}
    return render(request, "cases/includes/capture_matches_result.html", context)


@case_view
@require_safe
def case_similar_view(request, case):
    """The case's possible duplicates, within what the user may see: the case page loads
    them after itself with htmx (the panel alone, nothing if there are none), and without
    JavaScript its link opens them as a page.

    Apart from the page because every case of the same person and the open cases of the
    same service nearby are read and scored: two fifths of the case page's time at a
    million cases (66 of 175 ms, profiled)."""
    user = request.user
    candidates = similar_to_case(user=user, case=case) if case.is_open else []
    can_link = case.is_open and user.has_perm("cases.link_case", case)
    context = {
        "case": case,
        "candidates": candidates,
        "link_case": case if can_link else None,
        "next": case.get_absolute_url(),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "cases/includes/similar_panel.html", context)
    return render(request, "cases/similar.html", context)
