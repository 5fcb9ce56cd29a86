"""Search results counted only up to a cap, for the search page and the API alike.

A very common word matches a good part of a large council's cases. Counting every match
exactly costs more than finding the page shown, and nobody reads page 6,000 of a search:
so the count stops at `RESULT_CAP` (one `SELECT count(*) FROM (... LIMIT cap + 1)`), the
pages offered cover the first `RESULT_CAP` results, and the page says there are more and
that words or filters narrow them.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

RESULT_CAP = 1000


class CappedResults:
    """The results of a search as the paginators see them: sliced like the queryset,
    counted only up to `cap`. `over_cap` says that more cases matched."""

    cap = RESULT_CAP

    def __init__(self, cases):
        self.cases = cases

    @cached_property
    def matched(self):
        """How many results there are, counted up to `cap` + 1 in one statement."""
        return self.cases.order_by().values("pk")[: self.cap + 1].count()

    @property
    def over_cap(self):
        return self.matched > self.cap

    @property
    def ordered(self):
        return self.cases.ordered

    def count(self):
        return min(self.matched, self.cap)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return self.cases[key]


class SearchPaginator(Paginator):
    """A paginator over `CappedResults` (for DRF, which builds its own paginator)."""

    def __init__(self, object_list, *args, **kwargs):
        super().__init__(CappedResults(object_list), *args, **kwargs)
