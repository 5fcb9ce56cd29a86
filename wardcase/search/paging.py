"""Search results counted only up to a cap, for the search page and the API alike.

A very common word matches a good part of a large council's cases. Counting and ranking
every match costs far more than finding the page shown, and nobody reads page 6,000 of a
search. So one statement fetches the most recent `RESULT_CAP` + 1 matches: their number
is the count, up to the cap; beyond it only the most recent `RESULT_CAP` matches are
ranked and offered in pages, and the page says there are more and that words or filters
narrow them (ADR 0005).
"""

from django.utils.functional import cached_property

from wardcase.search.engines import plain_plans

RESULT_CAP = 1000


class CappedResults:
    """The results of a search as the paginators see them: counted only up to `cap`
    and, beyond it, narrowed to the most recent `cap` matches before ranking.

    One statement fetches the id, rank and date of the most recent `cap` + 1 matches
    (from `recent` where the search gives them, else from `cases`; a search with many
    matches first looks among the newest cases, then among older ones only for what is
    still missing);
    they are put in order here, and a page is then fetched by its ids (from `load` if
    given: the same cases without the text match), so the page query never ranks or
    matches more than the rows it shows. `over_cap` says that more cases matched than
    are offered.
    """

    cap = RESULT_CAP

    def __init__(self, cases, load=None, recent=None):
        self.cases = cases
        self.load = cases if load is None else load
        self.recent = recent

    @cached_property
    def _recent(self):
        """(id, rank, created) of the most recent matches, up to `cap` + 1: from `recent`
        if given (statements of rows in that order over windows of cases that do not
        overlap, newest first, the last reaching the oldest: each is asked only for what
        the ones before did not find, so no match is read twice), else from `cases`."""
        found = []
        tries = self.recent(found) if callable(self.recent) else self.recent
        if not tries:
            rows = self.cases.order_by("-search_recency")
            tries = [rows.values_list("pk", "search_rank", "created_at")]
        with plain_plans():
            for rows in tries:
                found += rows[: self.cap + 1 - len(found)]
                if len(found) > self.cap:
                    break
        return found

    @cached_property
    def _ranked_ids(self):
        """The ids offered, best first as `search_cases` orders them: rank, then newest."""
        offered = self._recent[: self.cap]
        return [row[0] for row in sorted(offered, key=lambda r: (r[1], r[2], r[0]), reverse=True)]

    @property
    def over_cap(self):
        return len(self._recent) > self.cap

    ordered = True

    def count(self):
        return min(len(self._recent), self.cap)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        if not isinstance(key, slice):
            raise TypeError(key)  # templates try `results.name` as an item first
        ids = self._ranked_ids[key]
        if not ids:
            return []
        with plain_plans():
            by_id = {case.pk: case for case in self.load.filter(pk__in=ids).order_by()}
        shown = [by_id[pk] for pk in ids if pk in by_id]  # gone since: left out
        ranks = {row[0]: row[1] for row in self._recent}
        for case in shown:
            case.search_rank = ranks[case.pk]
        return shown
