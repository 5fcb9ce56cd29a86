"""On PostgreSQL, each search document carries the users its case is shared with now, kept
by the database, and the GIN index of words, keys and era holds them.

A councillor sees the cases shared with them (929 at a million cases): the search looked
each up through the primary key and read it from the table to test the words, about
3,800 buffers for every search they made, the rarest word too. With `shared_with` (the
ids of the users holding a share not revoked) in the GIN index, that branch of the reach
is one index condition, `shared_with @> ARRAY[user]`, with the words and the era
(`wardcase.search.windows.shared_by_document`, ADR 0017).

The database keeps the column, so no write can miss it: a trigger on the shares works it
out again for the case of any share added, revoked or deleted (a bulk update too), and
one on the documents fills it for a document written after its case was shared. A test
checks it against the shares after every kind of write. SQLite keeps the ids of the
shares in the query (FTS5 drives its search).
"""

from django.db import migrations


ERA = "((case_id >> 16)::integer)"
WORDS_INDEX = "search_doc_vector_keys_gin"
COLUMNS = f"search_vector, department_id, owner_id, lead_officer_id, ward_id, {ERA}"
SHARED = (
    "ARRAY(SELECT DISTINCT s.user_id::integer FROM cases_caseshare s "
    "WHERE s.case_id = {case} AND s.revoked_at IS NULL ORDER BY 1)"
)

POSTGRES = [
    "ALTER TABLE search_searchdocument "
    "ADD COLUMN IF NOT EXISTS shared_with integer[] NOT NULL DEFAULT '{}'",
    "UPDATE search_searchdocument d SET shared_with = s.users FROM ("
    "SELECT case_id, array_agg(DISTINCT user_id::integer ORDER BY user_id::integer) AS users "
    "FROM cases_caseshare WHERE revoked_at IS NULL GROUP BY case_id) s "
    "WHERE d.case_id = s.case_id",
    "CREATE OR REPLACE FUNCTION search_document_shares() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP <> 'INSERT' THEN UPDATE search_searchdocument SET shared_with = "
    + SHARED.format(case="OLD.case_id")
    + " WHERE case_id = OLD.case_id; END IF; "
    "IF TG_OP <> 'DELETE' THEN UPDATE search_searchdocument SET shared_with = "
    + SHARED.format(case="NEW.case_id")
    + " WHERE case_id = NEW.case_id; END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER search_document_shares AFTER INSERT OR DELETE OR UPDATE OF "
    "case_id, user_id, revoked_at ON cases_caseshare "
    "FOR EACH ROW EXECUTE FUNCTION search_document_shares()",
    "CREATE OR REPLACE FUNCTION search_document_new_shares() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN NEW.shared_with := "
    + SHARED.format(case="NEW.case_id")
    + "; RETURN NEW; END $$",
    "CREATE TRIGGER search_document_new_shares BEFORE INSERT ON search_searchdocument "
    "FOR EACH ROW EXECUTE FUNCTION search_document_new_shares()",
    f"DROP INDEX IF EXISTS {WORDS_INDEX}_next",
    f"CREATE INDEX {WORDS_INDEX}_next ON search_searchdocument USING gin "
    f"({COLUMNS}, shared_with)",
    f"DROP INDEX IF EXISTS {WORDS_INDEX}",
    f"ALTER INDEX {WORDS_INDEX}_next RENAME TO {WORDS_INDEX}",
    "ANALYZE search_searchdocument",
]
POSTGRES_REVERSE = [
    f"DROP INDEX IF EXISTS {WORDS_INDEX}_next",
    f"CREATE INDEX {WORDS_INDEX}_next ON search_searchdocument USING gin ({COLUMNS})",
    f"DROP INDEX IF EXISTS {WORDS_INDEX}",
    f"ALTER INDEX {WORDS_INDEX}_next RENAME TO {WORDS_INDEX}",
    "DROP TRIGGER IF EXISTS search_document_new_shares ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_new_shares()",
    "DROP TRIGGER IF EXISTS search_document_shares ON cases_caseshare",
    "DROP FUNCTION IF EXISTS search_document_shares()",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS shared_with",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0028_officer_queue_in_deadline_order"),
        ("search", "0008_words_index_by_era"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE), elidable=False)
    ]
