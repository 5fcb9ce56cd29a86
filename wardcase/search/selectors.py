"""Search's reads: one interface over the full-text engine of the database in use, and
the user's saved searches.

`search_cases` always starts from `visible_cases(user=...)`, so a search can never return a
case its user may not open; the text it matches is narrowed further by
`wardcase.permissions` (internal notes, contact details).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wardcase.cases.choices import Status
from wardcase.cases.selectors import visible_cases
from wardcase.charter.models import Clock
from wardcase.charter.querysets import live_clocks_prefetch, overdue_q
from wardcase.permissions.grants import grants
from wardcase.permissions.search import base_columns, sees_most_cases
from wardcase.permissions.visibility import contact_visible_q, visible_cases_q
from wardcase.search import engines, windows
from wardcase.search.models import SavedSearch, SearchDocument
from wardcase.search.paging import CappedResults

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wardcase.accounts.models import User
    from wardcase.cases.models import Case as CaseRow

CLOCK_STATES = ["overdue", "paused", "met"]
# How a search finds its newest matches (`_how_to_find`), by PostgreSQL's estimate of
# them: walking the documents newest first above COMMON_ABOVE x sqrt(cap x cases) (about
# 80,000 at a million cases); else through the index, and above WINDOW_ABOVE x cap first
# among the newest cases where it expects WINDOW_MARGIN x cap of them (then windows sized
# by what was found, `windows.in_turn`).
COMMON_ABOVE = 1.75
WINDOW_ABOVE = 3
WINDOW_MARGIN = 1.5
SCAN_REACH = 0.1
SCAN_MARGIN = 1.5
INDEX, WALK, SCAN = "index", "walk", "scan"


def search_cases(
    *, user: User, query: str = "", filters: Mapping[str, Any] | None = None
) -> QuerySet[CaseRow]:
    """The cases the user may see matching the words of `query` and every filter given.

    Ranked best first when there are words (subject above description above timeline),
    newest first otherwise. Each case carries `search_rank` and `contact_visible`; call
    `with_snippets` on the page shown to add the highlighted fragment.
    """
    cases = apply_filters(cases=_shown_cases(user), filters=filters or {})
    words = engines.parse_words(query)
    if not words:
        cases = cases.annotate(search_rank=Value(0.0), search_recency=F("pk"))
        return cases.order_by("-created_at", "-pk")
    # The engine annotates `search_rank`, which the stubs cannot see on Case.
    ranked = _matching(cases, user=user, words=words)
    recency = _recency(walk=sees_most_cases(user))
    best_first: QuerySet[CaseRow] = ranked.annotate(search_recency=recency).order_by(
        "-search_rank",
        "-created_at",
        "-pk",
    )
    return best_first


def _matching(
    rows: QuerySet[Any], *, user: User, words: list[str], indexed: bool = True
) -> QuerySet[Any]:
    """`rows` (cases, or their search documents) narrowed to those matching every word
    in text the user may read, ranked."""
    columns = base_columns(user)
    with_contact = [*columns[:2], "contact", *columns[2:]]
    matched: QuerySet[Any] = engines.match_and_rank(
        rows,
        words=words,
        columns=columns,
        with_contact=with_contact,
        contact_visible=contact_visible_q(user),
        indexed=indexed,
    )
    return matched


def _matching_documents(
    user: User,
    words: list[str],
    within: tuple[int | None, int | None] = (None, None),
    indexed: bool = True,
    newest: Callable[[], int] = lambda: 0,
) -> QuerySet[SearchDocument]:
    """The search documents of the cases the user may see that match the words, ranked;
    only those of cases from id `within[0]` up to (not including) `within[1]`, where
    given.

    A document carries its case's visibility columns under the case's own names, so the
    one rule, `visible_cases_q`, narrows documents as it narrows cases; on PostgreSQL one
    GIN index holds the words and those keys (search migration 0005), so the documents of
    a word in the user's department, ward or councillors are found before any is read;
    a window bounded below goes into that index as eras, branch by branch of the reach
    (`windows.by_era`, search migration 0008; `newest` gives the newest case id). Not
    `indexed` (a scanned window, `_how_to_find`), the words are tested on each row and
    the window goes inside each branch of the user's reach (`windows.within`)."""
    reach = windows.spelt_out(visible_cases_q(user))
    if indexed and connection.vendor == "postgresql":
        reach = windows.shared_by_document(reach, grants(user).shared_case_ids, user.pk)
    start, end = within
    if not indexed:
        reach = windows.within(windows.narrowed(reach, start, end), windows.window(start, end))
    elif start is not None:
        reach = windows.by_era(reach, start, end, newest() if end is None else end)
    else:
        reach &= windows.window(start, end)
    documents = SearchDocument.objects.alias(era=windows.era()).filter(reach)
    return _matching(documents, user=user, words=words, indexed=indexed)


def _recent_matches(
    user: User, words: list[str], filters: Mapping[str, Any]
) -> Callable[[list[Any]], Iterator[QuerySet[Any]]]:
    """(id, rank, created) of the user's matches, most recent first, read from the search
    documents alone: a case is read only for the page shown (`CappedResults`), which loads
    it from the cases the user may see. Where there are many matches, first only those
    among the newest cases, then among older ones, window after window, the last reaching
    the oldest (`_how_to_find`, `windows.in_turn`): the windows do not overlap, so
    `CappedResults` asks each only for the matches still missing (given the list of
    those found, which sizes the windows after the first) and no match is read twice."""
    chosen = apply_filters(cases=visible_cases(user=user), filters=filters) if filters else None
    newest: list[int] = []

    def newest_case() -> int:
        if not newest:
            newest.append(_newest())
        return newest[0]

    def documents(
        within: tuple[int | None, int | None] = (None, None), indexed: bool = True
    ) -> QuerySet[Any]:
        found = _matching_documents(user, words, within, indexed, newest_case)
        if chosen is not None:
            found = found.filter(pk__in=chosen.values("pk"))
        return found

    how, starts = _how_to_find(user, documents(), newest=newest_case)
    starts = sorted(set(starts), reverse=True)

    def in_turn(found: list[Any]) -> Iterator[QuerySet[Any]]:
        cap = CappedResults.cap
        for bounds in windows.in_turn(starts, found, cap, newest_case, how == INDEX):
            yield (
                documents(bounds, indexed=how != SCAN)
                .annotate(search_recency=_recency(walk=how == WALK))
                .order_by("-search_recency")
                .values_list("pk", "search_rank", "created_at")
            )

    return in_turn


def _recency(*, walk: bool) -> Combinable:
    """What `search_recency` (by which the most recent matches are found, see
    `wardcase.search.paging`) is: the id, which PostgreSQL may read off the primary key
    index to walk the rows newest first (`walk`), or the id computed (`pk + 0`, the same
    order), so it cannot, and finds the matches through the GIN index instead."""
    if walk:
        return F("pk")
    return ExpressionWrapper(F("pk") + 0, output_field=IntegerField())


def _how_to_find(
    user: User, documents: QuerySet[SearchDocument], newest: Callable[[], int]
) -> tuple[str, list[int]]:
    """How to find the newest of the user's matching `documents` (INDEX, WALK or SCAN),
    and the first case id of the window to look in first, if any (of windows to look in
    first, newest first: those after them are sized as they go, `windows.in_turn`).
    `newest` gives the newest case id, read once for the search and its windows.

    A walk tests each document's keys and words until it has the cap: about cap x cases /
    matches rows. The GIN index of words and keys finds every match the user may see
    (its work grows with their number: 149,000 for an officer's commonest word took 38 ms)
    and each is read from the table to be sorted. So, by PostgreSQL's estimate of the
    user's matches (`engines.rows_estimates`, planning only, from the statistics of
    the words and of the keys):

    - above COMMON_ABOVE x sqrt(cap x cases) matches, a walk, where the two costs meet
      (a coordinator's "Brown", 38,000 matches, walked 24,000 documents when PostgreSQL
      chose: the index's window reads about 4,000);
    - below it, the index; and above WINDOW_ABOVE x cap matches, first only among the
      newest cases where WINDOW_MARGIN x cap of them are expected (whole eras, looked up
      in the GIN index with the words, so only those rows are read: `windows.by_era`),
      then among older ones, in windows sized by the matches found so far, and at last
      all (`windows.in_turn`, `CappedResults`); the cap's newest matches are the same
      whichever finds them;
    - but where the user reaches few cases (at most SCAN_REACH of them: a councillor's
      or a caseworker's), windows are scanned (SCAN): each branch of their reach reads
      its newest cases through its index of key and id (search migration 0007) and tests
      the words on each row, never taking a common word's whole list from the GIN
      index. A window then reads its user's cases in it, matching or not, so it is
      narrow (SCAN_MARGIN x cap matches expected): a councillor's commonest word read
      1,790-8,979 buffers through the GIN index, and 1,500-2,500 so.

    SQLite (FTS5) drives the search through its own join: never a walk or a window."""
    if connection.vendor != "postgresql":
        return INDEX, []
    matches, cases = engines.rows_estimates(documents)

    def reached() -> float:
        estimate: float = engines.rows_estimates(
            SearchDocument.objects.filter(visible_cases_q(user))
        )[0]
        return estimate

    return _strategy(matches=matches, reached=reached, cases=cases, newest=newest)


def _newest() -> int:
    """The newest case id with a search document (0 if none)."""
    newest: int = SearchDocument.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return newest


def _strategy(
    *,
    matches: float,
    reached: Callable[[], float],
    cases: float,
    newest: Callable[[], int],
) -> tuple[str, list[int]]:
    """`_how_to_find`'s rule, from the estimates of the user's matches, of the cases they
    reach and of all cases. `reached` and `newest` (the newest case id) are asked only
    where they decide something: not for a search with few matches (a rare word, a
    reference), which goes through the index whoever asks."""
    cap = CappedResults.cap
    walk = matches > COMMON_ABOVE * math.sqrt(cap * cases)
    if matches <= WINDOW_ABOVE * cap:
        return (WALK if walk else INDEX), []
    reach = reached()
    scan = reach <= SCAN_REACH * cases and matches**2 > SCAN_MARGIN * cap * reach
    if walk and not scan:
        return WALK, []
    start = int(newest() - (SCAN_MARGIN if scan else WINDOW_MARGIN) * cap * cases / matches)
    if not scan:  # whole eras (`windows.by_era`)
        start = windows.era_start(start)
    return SCAN if scan else INDEX, [start] if start > 0 else []


def search_results(
    *, user: User, query: str = "", filters: Mapping[str, Any] | None = None
) -> CappedResults:
    """`search_cases` as the search page and the API show it: counted up to a cap and
    paged (`wardcase.search.paging`). A page is loaded by its ids from the cases the user
    may see, without matching the text again."""
    filters = filters or {}
    words = engines.parse_words(query)
    if not words:
        cases = search_cases(user=user, query=query, filters=filters)
        return CappedResults(cases, load=_shown_cases(user))
    shown = _shown_cases(user)
    return CappedResults(shown, load=shown, recent=_recent_matches(user, words, filters))


# What a row of results shows (the page's table and the API's result): the reference
# (and the link made from it), the subject, the status and a proposed closure.
RESULT_FIELDS = ("reference", "subject", "status", "closure_proposed_at")


def _shown_cases(user: User) -> QuerySet[CaseRow]:
    """The cases the user may see, with what a row of results shows and nothing else:
    no joined tables, which PostgreSQL spent longer planning than reading."""
    visible: QuerySet[CaseRow] = visible_cases(user=user)
    return (
        visible.only(*RESULT_FIELDS)
        .prefetch_related(live_clocks_prefetch())
        .annotate(
            contact_visible=Case(
                When(contact_visible_q(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def apply_filters(*, cases: QuerySet[CaseRow], filters: Mapping[str, Any]) -> QuerySet[CaseRow]:
    """Narrow by every filter given (all optional, combined with AND)."""
    exact = {
        "reference": "reference__iexact",
        "ward": "ward",
        "service": "service",
        "department": "department",
        "officer": "lead_officer",
        "councillor": "owner",
        "created_from": "created_at__date__gte",
        "created_to": "created_at__date__lte",
    }
    for name, lookup in exact.items():
        value = filters.get(name)
        if value not in (None, ""):
            cases = cases.filter(**{lookup: value})
    status = filters.get("status")
    if status == "open":
        cases = cases.exclude(status=Status.CLOSED)
    elif status:
        cases = cases.filter(status=status)
    if filters.get("clock"):
        cases = cases.filter(Exists(_clocks_in_state(filters["clock"])))
    if filters.get("postcode"):
        cases = cases.filter(constituent__postcode__startswith=filters["postcode"])
    return cases


def _clocks_in_state(state: str) -> QuerySet[Clock]:
    clocks = Clock.objects.filter(case=OuterRef("pk"))
    if state == "overdue":
        today = timezone.localdate()
        return clocks.filter(overdue_q(today))
    return clocks.filter(state=state)


def with_snippets(*, cases: Iterable[CaseRow], user: User, query: str) -> list[CaseRow]:
    """Give each case of a page `search_snippet`: HTML with the matches in <mark>, every
    other character escaped. Text the user may not read is never a source."""
    cases = list(cases)
    words = engines.parse_words(query)
    columns = base_columns(user)
    by_id = {}
    for case in cases:
        permitted = [column for column in columns if column != "title"]
        if getattr(case, "contact_visible", False):
            permitted.append("contact")
        by_id[case.pk] = [*permitted, "title"]
    fragments = engines.highlights(words, by_id)
    for case in cases:
        # An attribute for the page and the API to show, as an annotation would be.
        snippet = marked_html(fragment=fragments.get(case.pk, ""))
        case.search_snippet = snippet  # type: ignore[attr-defined]
    return cases


def marked_html(*, fragment: str) -> SafeString:
    """Escape a fragment from the engine and turn its match markers into <mark> tags."""
    html = str(escape(fragment))
    html = html.replace(engines.MARK_START, "<mark>").replace(engines.MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308  (everything but our own markers is escaped)


def saved_searches(*, user: User) -> QuerySet[SavedSearch]:
    """The user's own saved searches, by name."""
    return SavedSearch.objects.restrict(user, "view").order_by("name", "pk")
