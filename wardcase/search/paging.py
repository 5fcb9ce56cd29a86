"""Search results counted only up to a cap, for the search page and the API alike.

A very common word matches a good part of a large council's cases. Counting and ranking
every match costs far more than finding the page shown, and nobody reads page 6,000 of a
search. So one statement fetches the ids of the most recent `RESULT_CAP` + 1 matches:
their number is the count, up to the cap; beyond it only the most recent `RESULT_CAP`
matches are ranked and offered in pages, and the page says there are more and that words
or filters narrow them (ADR 0005).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from wardcase.search.engines import plain_plans

RESULT_CAP = 1000


class CappedResults:
    """The results of a search as the paginators see them: counted only up to `cap`
    and, beyond it, narrowed to the most recent `cap` matches before ranking. Slices are
    fetched at once, as lists. `over_cap` says that more cases matched."""

    cap = RESULT_CAP

    def __init__(self, cases):
        self.cases = cases

    @cached_property
    def recent_ids(self):
        """The ids of the most recent matches, up to `cap` + 1, in one statement."""
        newest = self.cases.order_by("-pk").values_list("pk", flat=True)[: self.cap + 1]
        with plain_plans():
            return list(newest)

    @property
    def over_cap(self):
        return len(self.recent_ids) > self.cap

    @property
    def ordered(self):
        return self.cases.ordered

    def count(self):
        return min(len(self.recent_ids), self.cap)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, int | slice):
            raise TypeError(key)  # templates try `results.name` as an item first
        cases = self.cases
        if self.over_cap:
            cases = cases.filter(pk__in=self.recent_ids[: self.cap])
        with plain_plans():
            return list(cases[key])


class SearchPaginator(Paginator):
    """A paginator over `CappedResults` (for DRF, which builds its own paginator)."""

    def __init__(self, object_list, *args, **kwargs):
        super().__init__(CappedResults(object_list), *args, **kwargs)
