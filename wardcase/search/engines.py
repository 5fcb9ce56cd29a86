"""The two full-text engines behind one interface: match, rank and highlight.

Both take the same parsed words and the same audience (which columns the searcher may
match), so the rules of who sees what live once, in `wardcase.permissions.search`.
SQLite uses FTS5 (bm25, snippet); PostgreSQL uses tsvector (ts_rank, ts_headline).
"""

import json
import re
from contextlib import contextmanager

from django.db import connection, connections, router, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from wardcase.search.models import SearchDocument

MARK_START = "\ue000"  # private-use characters: never produced by escaping user text
MARK_END = "\ue001"
PG_QUERY = "plainto_tsquery('english'::regconfig, %s)"
PG_DOCUMENT = "search_searchdocument"
WORDS = re.compile(r"\w+", re.UNICODE)
# FTS5 column order in search_fts, and the bm25 weight of each (subject above timeline).
FTS_COLUMNS = ["title", "body", "contact", "timeline", "internal"]
FTS_RANK_WEIGHTS = "10.0, 4.0, 0.0, 1.0, 1.0"  # contact details never weigh in
PG_VECTOR = {
    frozenset({"title", "body", "timeline"}): "public_vector",
    frozenset({"title", "body", "contact", "timeline"}): "member_vector",
    frozenset({"title", "body", "timeline", "internal"}): "staff_vector",
    frozenset({"title", "body", "contact", "timeline", "internal"}): "staff_contact_vector",
}


@contextmanager
def plain_plans():
    """Run the search's statements as the plans they need: a page of 25, or the newest
    matches up to the cap (`wardcase.search.paging`), found by walking cases newest first
    or through the full-text index, each stopping early. So, for this transaction only:

    - no JIT: the planner costs a join over many matches high enough to compile and
      optimise machine code, which takes longer than the query itself;
    - no merge join: walking the cases and the search documents side by side tests the
      words on every document, those of cases the user may not see too (50,843 buffers
      for a head of service's common word at 100,000 cases, against 13,394 for a nested
      loop that looks up only the documents of their cases);
    - no parallel workers: they walk ahead of the limit (2,617 documents tested for
      1,001 matches), and starting them took 17-54 ms on a busy machine.

    On the database the search reads from: the read replica, where there is one and the
    request may use it (wardcase.core.dbrouters)."""
    alias = router.db_for_read(SearchDocument)
    if connections[alias].vendor != "postgresql":
        yield
        return
    # Local settings last to the end of the transaction: the caller's, if there is one.
    with transaction.atomic(using=alias, savepoint=False):
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), "
                "set_config('enable_mergejoin', 'off', true), "
                "set_config('max_parallel_workers_per_gather', '0', true)"
            )
        yield


def parse_words(query):
    """The words of a free-text query; punctuation is ignored, every word must match."""
    return WORDS.findall(query or "")[:20]


def _fts_expression(words, columns=None):
    phrase = " ".join(f'"{word}"' for word in words)
    if columns is None:
        return phrase
    return "{" + " ".join(columns) + "} : (" + phrase + ")"


def _pg_vector(columns):
    """The generated tsvector column holding exactly these columns' text."""
    return PG_VECTOR[frozenset(columns)]


# SQL below is built only from the constant names above; the searcher's words are always
# passed as parameters, never formatted in.
def matching_ids_sql(words, columns):
    """A subquery of the ids of cases whose permitted columns hold every word."""
    if connection.vendor == "postgresql":
        vector = _pg_vector(columns)
        sql = f"SELECT case_id FROM search_searchdocument WHERE {vector} @@ {PG_QUERY}"  # noqa: S608
        return RawSQL(sql, [" ".join(words)])  # noqa: S611
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
    return RawSQL(sql, [_fts_expression(words, columns)])  # noqa: S611


def matches_estimate(words, columns):
    """PostgreSQL's estimate of the cases matching every word in these columns, and of all
    indexed cases, from its statistics of the vector (planning only, nothing is read)."""
    vector = _pg_vector(columns)
    sql = (
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {PG_DOCUMENT} WHERE {vector} @@ {PG_QUERY} "  # noqa: S608
        f"UNION ALL SELECT 1 FROM {PG_DOCUMENT}"
    )
    alias = router.db_for_read(SearchDocument)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [" ".join(words)])
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    matching, every = plan[0]["Plan"]["Plans"]
    return matching["Plan Rows"], every["Plan Rows"]


def match_and_rank(cases, *, words, columns, with_contact, contact_visible):
    """Narrow `cases` to those matching every word in text the user may read, annotated
    with `search_rank` (higher is better).

    A case matches on `with_contact` columns where `contact_visible` (a Q) holds, on
    `columns` elsewhere. The rank never weighs contact details, so it is the same whoever
    may read them.
    """
    if connection.vendor == "postgresql":
        return _postgres_match_and_rank(cases, words, columns, with_contact, contact_visible)
    # FTS5 drives the query through a join, so bm25 is worked out once per match; a
    # correlated subquery would run the full-text query again for every row.
    base = Q(pk__in=matching_ids_sql(words, columns))
    return cases.filter(contact_visible | base).extra(  # noqa: S610
        tables=["search_fts"],
        where=["search_fts.rowid = cases_case.id", "search_fts MATCH %s"],
        params=[_fts_expression(words, with_contact)],
        select={"search_rank": f"-bm25(search_fts, {FTS_RANK_WEIGHTS})"},
    )


def _postgres_match_and_rank(cases, words, columns, with_contact, contact_visible):
    """The search document joined once (one row per case): the wider vector finds the
    matches through its GIN index, the narrower one is checked only where contact details
    are hidden, and the rank is worked out on the joined row, not by a lookup per match."""
    text = " ".join(words)
    narrow = _pg_vector(columns)
    without_contact = RawSQL(  # noqa: S611
        f"{PG_DOCUMENT}.{narrow} @@ {PG_QUERY}", [text], output_field=BooleanField()
    )
    return cases.filter(contact_visible | Q(without_contact)).extra(  # noqa: S610
        tables=[PG_DOCUMENT],
        where=[
            f"{PG_DOCUMENT}.case_id = cases_case.id",
            f"{PG_DOCUMENT}.{_pg_vector(with_contact)} @@ {PG_QUERY}",
        ],
        params=[text],
        select={"search_rank": f"ts_rank({PG_DOCUMENT}.{narrow}, {PG_QUERY})"},
        select_params=[text],
    )


def highlights(words, columns_by_id):
    """Highlighted fragments of each case's permitted text, marked with MARK_START/END.

    `columns_by_id` maps a case id to the columns its searcher may read, best first. A
    constant number of queries for the whole page.
    """
    if not columns_by_id or not words:
        return {}
    if connection.vendor == "postgresql":
        return _postgres_highlights(words, columns_by_id)
    return _sqlite_highlights(words, columns_by_id)


def _postgres_highlights(words, columns_by_id):
    """ts_headline over the permitted text of each case, all in one statement."""
    from wardcase.search.models import SearchDocument

    ids = list(columns_by_id)
    documents = SearchDocument.objects.in_bulk(ids)
    texts = [
        " … ".join(
            getattr(documents[pk], column) for column in columns_by_id[pk] if pk in documents
        )
        for pk in ids
    ]
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=25, MinWords=10, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline('english'::regconfig, t, "
            "plainto_tsquery('english'::regconfig, %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
            [" ".join(words), options, texts],
        )
        return dict(zip(ids, (row[0] for row in cursor.fetchall()), strict=True))


def _sqlite_highlights(words, columns_by_id):
    """snippet() per permitted column; the first column holding a match wins."""
    snippets = ", ".join(
        f"snippet(search_fts, {index}, char(57344), char(57345), ' … ', 16)"
        for index in range(len(FTS_COLUMNS))
    )
    placeholders = ", ".join(["%s"] * len(columns_by_id))
    with connection.cursor() as cursor:
        sql = f"SELECT rowid, {snippets} FROM search_fts"  # noqa: S608
        cursor.execute(
            f"{sql} WHERE search_fts MATCH %s AND rowid IN ({placeholders})",
            [_fts_expression(words), *columns_by_id],
        )
        rows = {row[0]: dict(zip(FTS_COLUMNS, row[1:], strict=True)) for row in cursor}
    result = {}
    for pk, permitted in columns_by_id.items():
        fragments = rows.get(pk, {})
        marked = [fragments.get(column) or "" for column in permitted]
        result[pk] = next((text for text in marked if MARK_START in text), "")
    return result
