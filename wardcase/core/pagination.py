"""Pages of a list with the links GOV.UK pagination needs, for every paginated page."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

PAGE_SIZE = 25


class IdsFirstPaginator(Paginator):
    """A paginator that finds the page's ids first, then loads only those rows.

    A list's query joins the constituent, owner, service, ward, department and officer and
    works out the latest response for every row. Asked for a page of it at once, the
    database joins every candidate row before it sorts and cuts the page (and spends
    longer planning that join than running it). Asking first for the ids alone is a plain
    index-ordered read of one table; the joins then touch 25 rows."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom, top):
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return rows[bottom:top]
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
        # A row deleted between the two reads is left out rather than failing the page.
        return [found[pk] for pk in ids if pk in found]


def _page_url(request, param, number):
    query = request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


def paginate(request, queryset, *, param="page", label, per_page=PAGE_SIZE):
    """One page of a list (a bad or out-of-range page number gives the nearest page), and
    the links for `govuk-pagination`: numbered, elided, with previous and next."""
    paginator = IdsFirstPaginator(queryset, per_page)
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
