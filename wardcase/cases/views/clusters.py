"""The coordinator's view of clusters: linked cases, and likely duplicates to look at."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from wardcase.accounts.models import Role
from wardcase.cases import clusters
from wardcase.core.access import signed_in

PAGE_SIZE = 20


@signed_in(roles={Role.COORDINATOR})
@require_safe
def case_clusters(request):
    """Two paginated lists of groups, each page loaded in a constant number of queries."""
    user = request.user
    linked_page = Paginator(clusters.linked_groups(user=user), PAGE_SIZE).get_page(
        request.GET.get("linked_page")
    )
    likely_page = Paginator(clusters.likely_duplicate_groups(user=user), PAGE_SIZE).get_page(
        request.GET.get("likely_page")
    )
    context = {
        "linked_page": linked_page,
        "linked_groups": clusters.cases_for_groups(user=user, groups=linked_page.object_list),
        "likely_page": likely_page,
        "likely_groups": clusters.cases_for_duplicate_groups(
            user=user, groups=likely_page.object_list
        ),
    }
    return render(request, "cases/clusters.html", context)
