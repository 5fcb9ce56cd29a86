"""Search's reads: one interface over the full-text engine of the database in use, and
the user's saved searches.

`search_cases` always starts from `visible_cases(user=...)`, so a search can never return a
case its user may not open; the text it matches is narrowed further by
`wardcase.permissions` (internal notes, contact details).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
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
from wardcase.permissions.search import base_columns, sees_most_cases
from wardcase.permissions.visibility import contact_visible_q
from wardcase.search import engines
from wardcase.search.models import SavedSearch
from wardcase.search.paging import CappedResults

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wardcase.accounts.models import User
    from wardcase.cases.models import Case as CaseRow

CLOCK_STATES = ["overdue", "paused", "met"]
# A word is common when PostgreSQL expects more than COMMON_ABOVE * sqrt(cap * cases)
# matches (see `_recency`): about 45,000 at a million cases, 14,000 at 100,000.
COMMON_ABOVE = 1.4


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
    ranked = _matching(cases, user=user, words=words)
    # The engine annotates `search_rank`, which the stubs cannot see on Case.
    recency = _recency(user, words)
    best_first: QuerySet[CaseRow] = ranked.annotate(search_recency=recency).order_by(
        "-search_rank",  # type: ignore[misc]
        "-created_at",
        "-pk",
    )
    return best_first


def _matching(cases: QuerySet[CaseRow], *, user: User, words: list[str]) -> QuerySet[CaseRow]:
    """`cases` narrowed to those matching every word in text the user may read, ranked."""
    columns = base_columns(user)
    with_contact = [*columns[:2], "contact", *columns[2:]]
    matched: QuerySet[CaseRow] = engines.match_and_rank(
        cases,
        words=words,
        columns=columns,
        with_contact=with_contact,
        contact_visible=contact_visible_q(user),
    )
    return matched


def _recency(user: User, words: list[str]) -> Combinable:
    """What `search_recency` (by which the most recent matches are found, see
    `wardcase.search.paging`) is for this user's matches of these words.

    Either PostgreSQL walks the cases newest first (the primary key index backwards),
    testing each case the user may see against the words until it has the cap, or it
    finds every match through the full-text index and sorts them. The walk costs about
    cap / (share of cases the user sees * share matching) cases, the index about one
    lookup per match in the whole council. So:

    - someone who sees most cases walks, whatever the words: the newest cases are theirs;
    - someone who sees a slice (their own, their councillors', their department's) walks
      for a common word (a word in most cases: the cap is reached within a few thousand
      of their cases, where reading its hundreds of thousands of matches through the
      index took 400 ms at a million cases), and takes the index for anything rarer.
      PostgreSQL's own estimate of the matches (`engines.matches_estimate`, planning
      only) decides: a common word has more than about sqrt(cap * cases) matches, where
      the two costs meet. Below it, recency is computed (`pk + 0`, the same order) so it
      cannot be read off the primary key index, and PostgreSQL cannot choose the walk:
      it cannot tell how few of the cases walked the user may see.

    SQLite (FTS5) drives the search through its own join and never walks."""
    if sees_most_cases(user) or _common(user, words):
        return F("pk")
    return ExpressionWrapper(F("pk") + 0, output_field=IntegerField())


def _common(user: User, words: list[str]) -> bool:
    if connection.vendor != "postgresql":
        return False
    matches, cases = engines.matches_estimate(words, base_columns(user))
    return bool(matches > COMMON_ABOVE * math.sqrt(CappedResults.cap * cases))


def search_results(
    *, user: User, query: str = "", filters: Mapping[str, Any] | None = None
) -> CappedResults:
    """`search_cases` as the search page and the API show it: counted up to a cap and
    paged (`wardcase.search.paging`). A page is loaded by its ids from the cases the user
    may see, without matching the text again."""
    cases = search_cases(user=user, query=query, filters=filters)
    return CappedResults(cases, load=_shown_cases(user))


def _shown_cases(user: User) -> QuerySet[CaseRow]:
    """The cases the user may see, with what a row of results shows."""
    visible: QuerySet[CaseRow] = visible_cases(user=user)
    return (
        visible.select_related(
            "service", "department", "lead_officer", "owner", "constituent", "ward"
        )
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
