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
PG_QUERY = "to_tsquery('english'::regconfig, %s)"
PG_DOCUMENT = "search_searchdocument"
PG_VECTOR = f"{PG_DOCUMENT}.search_vector"
# Letters and digits: underscores split words too, as both engines' tokenisers do.
WORDS = re.compile(r"[^\W_]+", re.UNICODE)
# FTS5 column order in search_fts, and the bm25 weight of each (subject above timeline).
FTS_COLUMNS = ["title", "body", "contact", "timeline", "internal"]
# Contact details never weigh in, nor anything the searcher may not read.
FTS_RANK_WEIGHTS = {"title": 10.0, "body": 4.0, "contact": 0.0, "timeline": 1.0, "internal": 1.0}
# The weight label of each column in the one PostgreSQL vector (search migration 0004):
# a query matches only the labels of the columns its user may read.
PG_LABELS = {"title": "A", "body": "B", "timeline": "B", "contact": "C", "internal": "D"}
# ts_rank's weights of labels D, C, B, A: subject above description and timeline above
# internal notes; contact details never weigh in (and are filtered out before ranking).
PG_RANK_WEIGHTS = "'{0.2, 0.0, 0.4, 1.0}'"


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
      1,001 matches), and starting them took 17-54 ms on a busy machine;
    - 16 MB of work memory: an officer's common word put 93,000 documents of their
      department in the GIN index's bitmap, which at the default 4 MB went lossy and had
      12,500 rows tested again.

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
                "set_config('max_parallel_workers_per_gather', '0', true), "
                "set_config('work_mem', '16MB', true)"
            )
        yield


def parse_words(query):
    """The words of a free-text query; punctuation is ignored, every word must match."""
    return WORDS.findall(query or "")[:20]


def _fts_rank_weights(columns):
    """bm25's weight of each FTS5 column, 0 for those outside `columns`."""
    return ", ".join(str(FTS_RANK_WEIGHTS[c] if c in columns else 0.0) for c in FTS_COLUMNS)


def _fts_expression(words, columns=None):
    phrase = " ".join(f'"{word}"' for word in words)
    if columns is None:
        return phrase
    return "{" + " ".join(columns) + "} : (" + phrase + ")"


def _labels(columns):
    return "".join(sorted({PG_LABELS[column] for column in columns}))


def _pg_query_text(words, columns):
    """to_tsquery's text: every word, each matching only these columns' labels. The
    words are letters and digits only (`WORDS`), so none can be read as an operator."""
    labels = _labels(columns)
    return " & ".join(f"{word}:{labels}" for word in words)


# SQL below is built only from the constant names above; the searcher's words are always
# passed as parameters, never formatted in.
def matching_ids_sql(words, columns):
    """A subquery of the ids of cases whose permitted columns hold every word."""
    if connection.vendor == "postgresql":
        sql = f"SELECT case_id FROM {PG_DOCUMENT} WHERE {PG_VECTOR} @@ {PG_QUERY}"  # noqa: S608
        return RawSQL(sql, [_pg_query_text(words, columns)])  # noqa: S611
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
    return RawSQL(sql, [_fts_expression(words, columns)])  # noqa: S611


def matches_estimate(documents):
    """PostgreSQL's estimate of the rows of `documents` (search documents narrowed by words
    and by who may see them), and of all indexed cases, from its statistics of the vector
    and of the visibility keys (planning only, nothing is read)."""
    return rows_estimates(documents)


def rows_estimates(*querysets):
    """PostgreSQL's estimate of the rows of each of `querysets` (of search documents),
    then of all indexed cases: one statement planned, nothing read."""
    parts, params = [], []
    for queryset in querysets:
        sql, more = queryset.values("pk").query.sql_with_params()
        parts.append(f"SELECT 1 FROM ({sql}) AS rows_{len(parts)}")  # noqa: S608
        params.extend(more)
    sql = " UNION ALL ".join([*parts, f"SELECT 1 FROM {PG_DOCUMENT}"])  # noqa: S608
    alias = router.db_for_read(SearchDocument)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return tuple(part["Plan Rows"] for part in plan[0]["Plan"]["Plans"])


def match_and_rank(rows, *, words, columns, with_contact, contact_visible, indexed=True):
    """Narrow `rows` (cases, or their search documents) to those matching every word in
    text the user may read, annotated with `search_rank` (higher is better).

    A case matches on `with_contact` columns where `contact_visible` (a Q) holds, on
    `columns` elsewhere. The rank never weighs contact details, so it is the same whoever
    may read them. Search documents carry the case's columns that `contact_visible` reads
    (`SearchDocument`), so the same Q narrows either.

    Not `indexed`: on PostgreSQL the words are tested on each row, never looked up in the
    GIN index, for rows found another way (`_postgres_match_and_rank`).
    """
    meta = rows.model._meta
    row_id = f"{meta.db_table}.{meta.pk.column}"
    if connection.vendor == "postgresql":
        return _postgres_match_and_rank(
            rows, row_id, words, columns, with_contact, contact_visible, indexed
        )
    # FTS5 drives the query through a join, so bm25 is worked out once per match; a
    # correlated subquery would run the full-text query again for every row.
    base = Q(pk__in=matching_ids_sql(words, columns))
    return rows.filter(contact_visible | base).extra(  # noqa: S610
        tables=["search_fts"],
        where=[f"search_fts.rowid = {row_id}", "search_fts MATCH %s"],
        params=[_fts_expression(words, with_contact)],
        select={"search_rank": f"-bm25(search_fts, {_fts_rank_weights(columns)})"},
    )


def _postgres_match_and_rank(
    rows, row_id, words, columns, with_contact, contact_visible, indexed=True
):
    """The vector finds the matches through the GIN index with the labels of
    `with_contact`, is checked against the labels of `columns` only where contact details
    are hidden, and is ranked on the row (not by a lookup per match) over the labels of
    `columns` alone, so the rank never tells of text the user may not read. Cases join
    their search document once (one row per case); documents hold the vector.

    Not `indexed`, the match reads the vector through COALESCE, which the GIN index does
    not hold, so PostgreSQL cannot take a word's whole list from it: the planner costs
    that list far below what it takes (326,447 documents of a common word, 27 ms, to be
    ANDed with 2,145 of a councillor's newest cases)."""
    vector = PG_VECTOR if indexed else f"COALESCE({PG_VECTOR}, ''::tsvector)"
    narrow = _pg_query_text(words, columns)
    without_contact = RawSQL(  # noqa: S611
        f"{PG_VECTOR} @@ {PG_QUERY}", [narrow], output_field=BooleanField()
    )
    ranked_labels = "{" + ",".join(_labels(columns).lower()) + "}"
    joined = rows.model._meta.db_table != PG_DOCUMENT
    return rows.filter(contact_visible | Q(without_contact)).extra(  # noqa: S610
        tables=[PG_DOCUMENT] if joined else [],
        where=[
            *([f"{PG_DOCUMENT}.case_id = {row_id}"] if joined else []),
            f"{vector} @@ {PG_QUERY}",
        ],
        params=[_pg_query_text(words, with_contact)],
        select={
            "search_rank": f"ts_rank({PG_RANK_WEIGHTS}, "
            f"ts_filter({PG_VECTOR}, '{ranked_labels}'), {PG_QUERY})"
        },
        select_params=[narrow],
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
    """ts_headline over the permitted text of each case, all in one statement, on the
    database's own copy of the text: one SELECT per distinct list of columns (a page has
    at most a few: with or without contact details), so the page's documents are never
    loaded into Python and sent back."""
    by_columns = {}
    for pk, columns in columns_by_id.items():
        if not set(columns) <= set(FTS_COLUMNS):
            raise ValueError(f"Not a column of the search document: {columns!r}")
        by_columns.setdefault(tuple(columns), []).append(pk)
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=25, MinWords=10, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    selects, params = [], []
    for columns, ids in by_columns.items():
        text = ", ".join(columns)  # checked above: constant column names only
        selects.append(
            "SELECT case_id, ts_headline('english'::regconfig, "  # noqa: S608
            f"concat_ws(%s, {text}), plainto_tsquery('english'::regconfig, %s), %s) "
            f"FROM {PG_DOCUMENT} WHERE case_id = ANY(%s)"
        )
        params.extend([" … ", " ".join(words), options, ids])
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return dict(cursor.fetchall())


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
