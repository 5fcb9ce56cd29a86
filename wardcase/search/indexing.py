"""Keeping the search index current: one set-based upsert per batch of cases.

Each case's text, and the columns that say who may see it, are gathered by SQL (the
timeline aggregated per case), never by a Python loop over rows, so `search_reindex` over
a million cases is a handful of statements. The engines follow on their own: SQLite's
FTS5 table through triggers, PostgreSQL's tsvector columns because they are generated
from the text columns.
"""

from django.db import connection, transaction

BATCH = 500

# Text per case. {agg} is the vendor's string aggregate; {where} narrows to some cases.
# A member's own query has no constituent: LEFT JOIN, and no contact text.
_UPSERT = """
INSERT INTO search_searchdocument
    (case_id, title, body, contact, timeline, internal, indexed_at{keys})
SELECT c.id,
       c.reference || ' ' || COALESCE(c.legacy_reference, '') || ' ' || c.subject,
       c.description || ' ' || c.location,
       COALESCE(p.name || ' ' || p.address || ' ' || p.postcode, ''),
       COALESCE((SELECT {agg_public} FROM cases_caseevent e
                 WHERE e.case_id = c.id AND e.visibility <> 'internal' AND e.body <> ''), ''),
       COALESCE((SELECT {agg_internal} FROM cases_caseevent e
                 WHERE e.case_id = c.id AND e.visibility = 'internal' AND e.body <> ''), ''),
       CURRENT_TIMESTAMP{case_keys}
FROM cases_case c LEFT JOIN constituents_constituent p ON p.id = c.constituent_id
WHERE {where}
ON CONFLICT (case_id) DO UPDATE SET
    title = excluded.title, body = excluded.body, contact = excluded.contact,
    timeline = excluded.timeline, internal = excluded.internal,
    indexed_at = excluded.indexed_at{keys_set}
"""
# Who may see the case, copied onto its document (`SearchDocument`); a database trigger
# copies any later change (search migration 0005).
KEYS = [
    "created_at",
    "owner_id",
    "ward_id",
    "department_id",
    "lead_officer_id",
    "restricted",
    "consent_share_ward",
    "consent_share_officers",
]


def _upsert_sql(where, *, keys=KEYS):
    if connection.vendor == "postgresql":
        agg = "string_agg(e.body, ' ' ORDER BY e.created_at, e.id)"
    else:
        # SQLite's group_concat takes no ORDER BY before 3.44, so the entries are joined in
        # whatever order SQLite reads them. A word search does not care; only a phrase
        # running across the end of one entry into the next could match differently.
        agg = "group_concat(e.body, ' ')"
    return _UPSERT.format(
        agg_public=agg,
        agg_internal=agg,
        where=where,
        keys="".join(f", {key}" for key in keys),
        case_keys="".join(f", c.{key}" for key in keys),
        keys_set="".join(f", {key} = excluded.{key}" for key in keys),
    )


def index_cases(*, case_ids=None):
    """(Re)build the index of these cases, or of every case when `case_ids` is None."""
    with transaction.atomic(), connection.cursor() as cursor:
        if case_ids is None:
            cursor.execute(_upsert_sql("1 = 1"))
            return
        ids = sorted({int(pk) for pk in case_ids})
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(_upsert_sql(f"c.id IN ({placeholders})"), chunk)


def index_cases_before_keys():
    """Index every case without the visibility keys: for search migration 0002, which
    runs before 0005 adds (and fills) them."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_upsert_sql("1 = 1", keys=[]))


def index_case(case_id):
    """(Re)build the index of one case."""
    index_cases(case_ids=[case_id])


def index_cases_of_constituents(constituent_ids):
    """A constituent's name or address changed: reindex every case they are on."""
    from wardcase.cases.models import Case

    index_cases(
        case_ids=Case.objects.filter(constituent_id__in=constituent_ids).values_list(
            "pk", flat=True
        )
    )
