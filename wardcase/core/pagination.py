"""Pages of a list with the links GOV.UK pagination needs, for every paginated page."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 25
# Lists that can hold a department's or a council's every open case count this far.
COUNT_CAP = 1000


class IdsFirstPaginator(Paginator):
    """A paginator that finds the page's ids first, then loads only those rows.

    A list's query joins the constituent, owner, service, ward, department and officer and
    works out the latest response for every row. Asked for a page of it at once, the
    database joins every candidate row before it sorts and cuts the page (and spends
    longer planning that join than running it). Asking first for the ids alone is a plain
    index-ordered read of one table; the joins then touch 25 rows.

    With `cap`, it counts no further than `cap` rows: `capped` then says there are more,
    and the pages stop there. Counting every open case of a department read each of them
    (tens of thousands at a million cases) only to print the number in a heading.

    With `rows`, a function of the page's ids, the rows are loaded by it rather than by
    the list's own query narrowed to those ids (which asks its filters again).
    """

    def __init__(self, object_list, per_page, *, cap=None, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.load_rows = rows

    @cached_property
    def count(self):
        if self.cap is None or not isinstance(self.object_list, QuerySet):
            return super().count
        # Whether there are more than `cap` rows does not depend on their order.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self):
        return self.cap is not None and self.count > self.cap

    @cached_property
    def num_pages(self):
        if self.capped:
            return -(-self.cap // self.per_page)
        return super().num_pages

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        listed = self.cap if self.capped else self.count
        if top + self.orphans >= listed:
            top = listed
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom, top):
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return rows[bottom:top]
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        loaded = self.load_rows(ids) if self.load_rows else rows.order_by().filter(pk__in=ids)
        found = {row.pk: row for row in loaded}
        # A row deleted between the two reads is left out rather than failing the page.
        return [found[pk] for pk in ids if pk in found]


def _page_url(request, param, number):
    query = request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


def paginate(request, queryset, *, param="page", label, per_page=PAGE_SIZE, cap=None, rows=None):
    """One page of a list (a bad or out-of-range page number gives the nearest page), and
    the links for `govuk-pagination`: numbered, elided, with previous and next. With
    `cap`, counting and paging stop at `cap` rows; with `rows`, the page's rows are loaded
    by it from their ids (see IdsFirstPaginator)."""
    paginator = IdsFirstPaginator(queryset, per_page, cap=cap, rows=rows)
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
