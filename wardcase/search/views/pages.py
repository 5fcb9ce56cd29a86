"""The search page and saved searches. Administrators see no case content, so no search."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound, ServiceError
from wardcase.core.pagination import paginate
from wardcase.permissions.grants import CASE_ROLES
from wardcase.search.forms import SavedSearchForm, SearchForm
from wardcase.search.selectors import saved_searches, search_results, with_snippets
from wardcase.search.services import saved_search_create, saved_search_delete


def _search_context(request, save_form=None):
    form = SearchForm(request.GET or None)
    context = {
        "form": form,
        "saved": saved_searches(user=request.user),
        "results": None,
        "save_form": save_form,
    }
    if form.is_bound and form.is_valid() and form.filtered:
        results = search_results(user=request.user, query=form.query, filters=form.filters)
        page, pagination = paginate(request, results, label=_("Pages of search results"))
        context["page"], context["pagination"] = page, pagination
        context["results"] = with_snippets(
            cases=page.object_list, user=request.user, query=form.query
        )
        querystring = request.GET.copy()
        querystring.pop("page", None)
        context["save_form"] = save_form or SavedSearchForm(
            initial={"querystring": querystring.urlencode()}
        )
    context["error_forms"] = [form, context.get("save_form")]
    return context


@signed_in(roles=CASE_ROLES)
def search(request):
    """One search box, filters, ranked results with the matches highlighted."""
    return render(request, "search/search.html", _search_context(request))


@signed_in(roles=CASE_ROLES)
@require_POST
def saved_search_save(request):
    """Save the current search under a name; on a problem, show the search again."""
    querystring = request.POST.get("querystring", "")
    try:
        saved = saved_search_create(
            user=request.user, name=request.POST.get("name", ""), querystring=querystring
        )
    except ServiceError as exc:
        form = SavedSearchForm(request.POST)
        form.full_clean()
        form.add_error("name", exc.message)
        request.GET = QueryDict(querystring)
        return render(request, "search/search.html", _search_context(request, form), status=400)
    messages.success(request, _("Search saved as ‘%(name)s’.") % {"name": saved.name})
    return redirect(f"{reverse('search:search')}?{saved.querystring}")


@signed_in(roles=CASE_ROLES)
@require_POST
def saved_search_remove(request, pk):
    """Delete one of the user's own saved searches; anyone else's is 404."""
    try:
        saved_search_delete(user=request.user, saved_search_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Saved search deleted."))
    return redirect("search:search")
