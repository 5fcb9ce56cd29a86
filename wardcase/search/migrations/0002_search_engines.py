"""The full-text engine for the database in use, hung off search_searchdocument.

SQLite: an FTS5 table with the document as its external content, kept in step by triggers.
PostgreSQL: tsvector columns generated from the text (one per audience, so a search by
someone who may not read internal notes or contact details never touches them) and a GIN
index on each. Then the existing cases are indexed.
"""

from django.db import migrations

COLUMNS = "title, body, contact, timeline, internal"


def _values(prefix):
    return ", ".join(f"{prefix}.{name.strip()}" for name in COLUMNS.split(","))


SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    f"{COLUMNS}, content='search_searchdocument', content_rowid='case_id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.case_id, {_values('new')}); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.case_id, {_values('old')}); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.case_id, {_values('old')}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.case_id, {_values('new')}); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def _weighted(column, weight):
    return f"setweight(to_tsvector('english'::regconfig, coalesce({column}, '')), '{weight}')"


# Which text each audience may match: members (councillor's side) read contact details but
# never internal notes; staff read internal notes, and contact details only where allowed.
AUDIENCES = {
    "public_vector": [("title", "A"), ("body", "B"), ("timeline", "C")],
    "member_vector": [("title", "A"), ("body", "B"), ("contact", "B"), ("timeline", "C")],
    "staff_vector": [("title", "A"), ("body", "B"), ("timeline", "C"), ("internal", "C")],
    "staff_contact_vector": [
        ("title", "A"),
        ("body", "B"),
        ("contact", "B"),
        ("timeline", "C"),
        ("internal", "C"),
    ],
}
POSTGRES = []
for _name, _parts in AUDIENCES.items():
    _expression = " || ".join(_weighted(column, weight) for column, weight in _parts)
    POSTGRES.append(
        f"ALTER TABLE search_searchdocument ADD COLUMN {_name} tsvector "
        f"GENERATED ALWAYS AS ({_expression}) STORED"
    )
    POSTGRES.append(
        f"CREATE INDEX search_doc_{_name}_gin ON search_searchdocument USING gin ({_name})"
    )
POSTGRES_REVERSE = [
    f"ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS {name}" for name in AUDIENCES
]


def _run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)

    return apply


def index_existing_cases(apps, schema_editor):
    from wardcase.search.indexing import index_cases_before_keys

    index_cases_before_keys()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_document_and_saved_search")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
        migrations.RunPython(index_existing_cases, migrations.RunPython.noop),
    ]
