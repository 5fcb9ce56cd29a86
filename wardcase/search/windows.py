"""The reach of a search written for PostgreSQL's indexes, and windows of the newest cases.

A search finds its user's newest matches in the search documents (`selectors`), at times
window after window of the newest cases (`selectors._how_to_find`). These turn the one
rule of who sees what, `visible_cases_q`, into the same cases written so that each way
the user reaches a case is one lookup in an index: lists of ids spelt out (`spelt_out`),
a window put inside each branch of the reach, as a range of ids for a scan (`within`) or
as eras for the GIN index of words and keys (`by_era`, ADR 0017).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sized
from typing import Any, cast

from django.db.models import BooleanField, F, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from wardcase.core.lookups import Ids

# A case's era is its id in blocks of 2**ERA_BITS: search migration 0008's GIN indexes
# hold `((case_id >> 16)::integer)`, which `era` writes the same way.
ERA_BITS = 16
ERA_SIZE = 1 << ERA_BITS
# Windows after those the estimates set (`in_turn`): at most ADAPT_MAX more, each sized
# by the matches found so far to hold ADAPT_MARGIN x the ones still missing.
ADAPT_MARGIN = 1.5
ADAPT_MAX = 2


def era() -> Cast:
    """The era of a search document's case, as search migration 0008 indexes it."""
    return Cast(F("pk").bitrightshift(ERA_BITS), output_field=IntegerField())


def era_start(case_id: int) -> int:
    """The first case id of `case_id`'s era."""
    return (case_id >> ERA_BITS) << ERA_BITS


def spelt_out(reach: Q) -> Q:
    """`reach` with each short list of ids (`owner_id__in`, `department_id__in`) written
    as one equality per id, ORed: the same cases, but PostgreSQL's GIN index (btree_gin)
    takes equalities, not lists, so each id's documents are looked up with the words
    there instead of the word's whole list being read from it (182,919 documents, 24 ms,
    for a caseworker acting for three councillors)."""
    children: list[Any] = []
    for child in reach.children:
        if isinstance(child, Q):
            children.append(spelt_out(child))
            continue
        lookup, value = cast("tuple[str, Any]", child)
        if lookup.endswith("__in") and isinstance(value, list | tuple) and 1 < len(value) <= 20:
            field = lookup.removesuffix("__in")
            children.append(Q(*((field, one) for one in value), _connector=Q.OR))
        else:
            children.append(child)
    return Q(*children, _connector=reach.connector, _negated=reach.negated)


def window(start: int | None, end: int | None) -> Q:
    """Case ids from `start` up to (not including) `end`; either may be open."""
    found = Q()
    if start is not None:
        found &= Q(pk__gte=start)
    if end is not None:
        found &= Q(pk__lt=end)
    return found


def within(reach: Q, bounds: Q) -> Q:
    """`reach` (a filter of cases) narrowed to the window `bounds` inside each branch of
    an OR, so PostgreSQL reads each branch's cases in the window alone through its index
    of key and id (search migration 0007: the owner's, the ward's, the primary key for
    cases shared), rather than the whole branch tested against the window afterwards."""
    if not bounds or reach.connector != Q.OR or reach.negated:
        return reach & bounds
    return Q(*(Q(branch) & bounds for branch in reach.children), _connector=Q.OR)


def branches(reach: Q) -> list[Q]:
    """The ways `reach` lets a user see a case: the branches of its ORs, nested ORs
    flattened; `reach` itself when it is not an OR."""
    if reach.negated:
        return [reach]
    if reach.connector == Q.OR:
        found: list[Q] = []
        for child in reach.children:
            found += branches(child) if isinstance(child, Q) else [Q(child)]
        return found
    if len(reach.children) == 1 and isinstance(reach.children[0], Q):
        return branches(reach.children[0])
    return [reach]


def _ids_branch(branch: Q) -> Ids | None:
    """The ids of a branch that names its cases (`pk__any`: shared, helped on)."""
    if branch.negated or len(branch.children) != 1 or not isinstance(branch.children[0], tuple):
        return None
    lookup, value = cast("tuple[str, Any]", branch.children[0])
    return value if lookup == "pk__any" and isinstance(value, Ids) else None


def shared_by_document(reach: Q, shared: frozenset[int], user_id: int) -> Q:
    """`reach` with the branch naming the cases shared with the user by their ids
    written as the search document's own record of its shares (PostgreSQL: search
    migration 0009's `shared_with`, kept by the database from the shares): the same
    cases, but one condition of the GIN index of words and keys rather than each id
    looked up through the primary key (about 3,800 buffers for a councillor's 929)."""
    found = branches(reach)
    named = [branch for branch in found if _ids_branch(branch) is not None]
    if not shared or not any(set(_ids_branch(branch) or ()) == shared for branch in named):
        return reach
    held = RawSQL(  # noqa: S611  (the user's id is a parameter)
        "search_searchdocument.shared_with @> ARRAY[%s]::integer[]",
        [int(user_id)],
        output_field=BooleanField(),
    )
    kept = [
        Q(held) if branch in named and set(_ids_branch(branch) or ()) == shared else branch
        for branch in found
    ]
    return Q(*kept, _connector=Q.OR)


def by_era(reach: Q, start: int, end: int | None, newest: int) -> Q:
    """`reach` narrowed to the cases from id `start` up to (not including) `end` (open:
    up to the newest case, `newest`), written for the GIN index of words, keys and era
    (search migration 0008): one branch of the reach in one era per arm of an OR, which
    PostgreSQL looks up with the words in the index, so only the window's matches are
    read. A branch naming its cases by id keeps only those in the window.

    The same cases as `reach & window(start, end)`. Bounds that fall inside an era
    (never those `_how_to_find` sets; a test's may) are added to each arm."""
    first = start >> ERA_BITS
    # A case logged since `newest` was read may open the next era: it is looked in too.
    last = (end - 1) >> ERA_BITS if end is not None else (newest >> ERA_BITS) + 1
    bounds = window(
        start if start % ERA_SIZE else None,
        end if end is not None and end % ERA_SIZE else None,
    )
    arms: list[Q] = []
    for branch in _narrowed_branches(branches(reach), start, end):
        if _ids_branch(branch) is None:
            arms += [branch & Q(era=one) & bounds for one in range(first, last + 1)]
        else:
            arms.append(branch)
    if not arms:
        return Q(pk__in=[])
    return Q(*arms, _connector=Q.OR)


def narrowed(reach: Q, start: int | None, end: int | None) -> Q:
    """`reach` with each branch naming its cases by id (`pk__any`) keeping only the ids
    from `start` up to (not including) `end`, and left out if none is: the same cases
    within those bounds, looked up by fewer ids. `reach` itself when nothing changes."""
    found = branches(reach)
    if all(_ids_branch(branch) is None for branch in found):
        return reach
    kept = _narrowed_branches(found, start, end)
    return Q(*kept, _connector=Q.OR) if kept else Q(pk__in=[])


def _narrowed_branches(found: list[Q], start: int | None, end: int | None) -> list[Q]:
    kept: list[Q] = []
    for branch in found:
        ids = _ids_branch(branch)
        if ids is None:
            kept.append(branch)
            continue
        inside = [pk for pk in ids if (start is None or pk >= start) and (end is None or pk < end)]
        if inside:
            kept.append(Q(pk__any=Ids(inside)))
    return kept


def in_turn(
    starts: list[int],
    found: Sized,
    cap: int,
    newest: Callable[[], int],
    whole_eras: bool,
) -> Iterator[tuple[int | None, int | None]]:
    """The bounds (start, end) of the windows to read, newest first, not overlapping, the
    last reaching the oldest case: from each of `starts` (newest first) up to the one
    before; then, while fewer than `cap` + 1 matches are `found` (the caller's list,
    grown as each window is read), up to ADAPT_MAX windows sized by the matches found so
    far among the cases above them (the estimates behind `starts` can be a few times
    off: a head's "neighbours" found 770 where 2,241 were expected); then all older
    cases. `whole_eras` starts each window on an era (`by_era`)."""
    end: int | None = None
    for start in starts:
        yield start, end
        end = start
    for _ in range(ADAPT_MAX):
        if end is None or len(found) > cap:
            break
        above, have = newest() + 1 - end, len(found)
        span = (cap + 1 - have) * above / have * ADAPT_MARGIN if have else 4 * above
        start = int(end - span)
        start = era_start(start) if whole_eras else start
        if start <= 0:
            break
        yield start, end
        end = start
    yield None, end
