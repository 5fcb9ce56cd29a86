"""Subject access requests: the open list, finding a constituent, opening and answering."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wardcase.core.pagination import paginate
from wardcase.privacy import selectors, services
from wardcase.privacy.forms import AccessRequestForm, ConstituentSearchForm
from wardcase.privacy.views._shared import form_page, get_or_404, privacy_view, zip_response


@privacy_view
@require_safe
def privacy_home(request):
    """Open subject access requests, soonest due first, overdue ones marked."""
    page, links = paginate(
        request,
        selectors.open_access_requests(user=request.user),
        label=_("Pages of open requests"),
    )
    context = {"requests": list(page.object_list), "page": page, "pagination": links}
    return render(request, "privacy/home.html", context)


@privacy_view
@require_safe
def constituent_search(request):
    form = ConstituentSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = list(
            selectors.constituent_search(user=request.user, query=form.cleaned_data["q"])
        )
    return render(request, "privacy/search.html", {"form": form, "results": results})


@privacy_view
@require_safe
def constituent_detail(request, pk):
    constituent = get_or_404(selectors.constituent_get, user=request.user, pk=pk)
    context = {
        "constituent": constituent,
        "cases": selectors.constituent_cases(user=request.user, constituent=constituent),
        "requests": constituent.access_requests.order_by("-requested_at"),
    }
    return render(request, "privacy/constituent.html", context)


@privacy_view
@require_http_methods(["GET", "POST"])
def access_request_open(request, pk):
    constituent = get_or_404(selectors.constituent_get, user=request.user, pk=pk)

    def record(data):
        access_request = services.access_request_open(
            constituent=constituent,
            by=request.user,
            requested_at=data["requested_at"],
            notes=data["notes"],
        )
        messages.success(
            request,
            _("Subject access request recorded: due by %(date)s")
            % {"date": date_format(access_request.due_on, "j F Y")},
        )
        return redirect("privacy:constituent", pk=constituent.pk)

    return form_page(
        request,
        form=AccessRequestForm(request.POST or None),
        template="privacy/access_request_form.html",
        context={"constituent": constituent},
        on_valid=record,
    )


@privacy_view
@require_POST
def access_request_export(request, pk):
    access_request = get_or_404(selectors.access_request_get, user=request.user, pk=pk)
    content = services.access_request_export(request=access_request, by=request.user)
    return zip_response(content, f"subject-access-{access_request.pk}")


@privacy_view
@require_POST
def access_request_fulfil(request, pk):
    access_request = get_or_404(selectors.access_request_get, user=request.user, pk=pk)
    services.access_request_fulfil(request=access_request, by=request.user)
    messages.success(request, _("Request marked as answered"))
    return redirect("privacy:constituent", pk=access_request.constituent_id)
