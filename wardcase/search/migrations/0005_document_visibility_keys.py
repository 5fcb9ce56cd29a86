"""The case's visibility columns copied onto its search document, and on PostgreSQL one
GIN index over the words and those keys (btree_gin), in place of the words' own.

A search finds the most recent matches its user may see (`wardcase.search.paging`). With
the visibility on the case only, each match in the council was joined to its case to be
tested: an officer's search for "Brown" (41,459 documents at a million cases, 1 in 5 in
their department) read 100,000 buffers and sorted 41,000 rows. With the keys on the
document, the index intersects the word's documents with the department's (or the
owner's, the ward's, the lead officer's) before any row is read, and a search for a
common word walks the documents alone, newest first.

The copies are kept by the database, so no write can miss them: `index_cases` writes them
with the text, and a trigger on the case copies any change of those columns (a service's
save or a bulk update alike). On SQLite the FTS5 table's update trigger now fires only
when the text changes, so a change of keys does not rewrite the full-text row.

On PostgreSQL the old index goes first, so filling the keys does not maintain it row by
row; the new one is built after, and the table vacuumed and analysed (so the planner
knows the keys): not in one transaction.
"""

from django.conf import settings
from django.db import migrations, models

import wardcase.search.models

# The case's columns copied, under the same names (`SearchDocument`'s keys): written out
# here, not imported from `indexing.KEYS`, so this migration stays as it ran.
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
_changed = " OR ".join(f"OLD.{k} IS DISTINCT FROM NEW.{k}" for k in KEYS)
_set_new = ", ".join(f"{k} = NEW.{k}" for k in KEYS)
TEXT = "title, body, contact, timeline, internal"
_fts = "INSERT INTO search_fts(rowid, {c}) VALUES (new.case_id, {v}); "
_fts_delete = "INSERT INTO search_fts(search_fts, rowid, {c}) VALUES ('delete', old.case_id, {v}); "


def _values(prefix):
    return ", ".join(f"{prefix}.{name.strip()}" for name in TEXT.split(","))


def _fts_update_trigger(columns):
    return (
        f"CREATE TRIGGER search_fts_update AFTER UPDATE {columns}ON search_searchdocument "
        "BEGIN "
        + _fts_delete.format(c=TEXT, v=_values("old"))
        + _fts.format(c=TEXT, v=_values("new"))
        + "END"
    )


def _fts_triggers(update_columns):
    """The full-text table's three triggers, made again (see SQLITE)."""
    return [
        "DROP TRIGGER IF EXISTS search_fts_insert",
        "DROP TRIGGER IF EXISTS search_fts_delete",
        "DROP TRIGGER IF EXISTS search_fts_update",
        "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
        + _fts.format(c=TEXT, v=_values("new"))
        + "END",
        "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
        + _fts_delete.format(c=TEXT, v=_values("old"))
        + "END",
        _fts_update_trigger(update_columns),
    ]


# SQLite's ALTER TABLE cannot add these columns: Django rebuilds the table, which drops
# its triggers, so the full-text table's three are made again here (and, when the
# migration is reversed, after the columns are gone, by the first operation).
SQLITE = [
    *_fts_triggers(f"OF {TEXT} "),
    "UPDATE search_searchdocument SET ("
    + ", ".join(KEYS)
    + ") = (SELECT "
    + ", ".join(f"c.{k}" for k in KEYS)
    + " FROM cases_case c WHERE c.id = search_searchdocument.case_id)",
    "CREATE TRIGGER search_document_keys AFTER UPDATE OF "
    + ", ".join(KEYS)
    + f" ON cases_case WHEN {_changed.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN "
    f"UPDATE search_searchdocument SET {_set_new} WHERE case_id = NEW.id; END",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS search_document_keys"]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "UPDATE search_searchdocument d SET "
    + ", ".join(f"{k} = c.{k}" for k in KEYS)
    + " FROM cases_case c WHERE c.id = d.case_id",
    "CREATE FUNCTION search_document_keys() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE search_searchdocument SET {_set_new} WHERE case_id = NEW.id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_document_keys AFTER UPDATE OF "
    + ", ".join(KEYS)
    + f" ON cases_case FOR EACH ROW WHEN ({_changed}) "
    "EXECUTE FUNCTION search_document_keys()",
    # The words first: a query on them alone (a coordinator's) uses it as the old one did.
    "CREATE INDEX search_doc_vector_keys_gin ON search_searchdocument USING gin "
    "(search_vector, department_id, owner_id, lead_officer_id, ward_id)",
    "VACUUM (ANALYZE) search_searchdocument",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_keys ON cases_case",
    "DROP FUNCTION IF EXISTS search_document_keys()",
    "DROP INDEX IF EXISTS search_doc_vector_keys_gin",
    "CREATE INDEX search_doc_vector_gin ON search_searchdocument USING gin (search_vector)",
]


def _run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


_forward = _run({"sqlite": SQLITE, "postgresql": POSTGRES})
_backward = _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})
_after_reverse = _run({"sqlite": _fts_triggers("")})


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("directory", "0004_council_follow_up_window"),
        ("places", "0001_initial"),
        ("search", "0004_one_weighted_vector"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _after_reverse),
        migrations.AddField(
            model_name="searchdocument",
            name="consent_share_officers",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="consent_share_ward",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="created_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="department",
            field=wardcase.search.models.VisibilityKey(
                to="directory.department",
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="lead_officer",
            field=wardcase.search.models.VisibilityKey(
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="owner",
            field=wardcase.search.models.VisibilityKey(
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="restricted",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="ward",
            field=wardcase.search.models.VisibilityKey(
                to="places.ward",
            ),
        ),
        migrations.RunPython(_forward, _backward),
    ]
