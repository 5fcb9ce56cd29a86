"""Pages of a list with the links GOV.UK pagination needs, for every paginated page."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def _page_url(request, param, number):
    query = request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


def paginate(request, queryset, *, param="page", label, per_page=PAGE_SIZE):
    """One page of a list (a bad or out-of-range page number gives the nearest page), and
    the links for `govuk-pagination`: numbered, elided, with previous and next."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get(param))
    items = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == Paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append(
                {
                    "number": number,
                    "url": _page_url(request, param, number),
                    "current": number == page.number,
                }
            )
    links = {
        "show": paginator.num_pages > 1,
        "label": label,
        "items": items,
        "previous": _page_url(request, param, page.number - 1) if page.has_previous() else "",
        "next": _page_url(request, param, page.number + 1) if page.has_next() else "",
    }
    return page, links
