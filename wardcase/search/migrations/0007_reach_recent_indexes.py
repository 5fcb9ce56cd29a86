"""On PostgreSQL, a councillor's and a caseworker's newest cases by each way they reach
them: the owner's, and the ward's consented cases, each by case id.

Someone who reaches few cases (`wardcase.search.selectors._how_to_find`) finds the newest
matches of a common word by scanning windows of the newest cases: each branch of their
reach reads its cases in the window through one of these indexes (cases shared with them
through the primary key) and tests the words on each row, instead of taking the word's
whole list from the GIN index and testing every match against the window. A councillor's
commonest word at a million cases read 8,979 buffers (12,384 rows read to be thrown away)
and reads about 2,000 so.

The ward index holds only the documents the ward branch of `visible_cases_q` may show
(consented for the ward, not restricted), as search migration 0006's does; a test checks
that the branch still says so.
"""

from django.db import migrations

INDEXES = {
    "search_doc_owner_recent": "(owner_id, case_id)",
    "search_doc_ward_shared_recent": "(ward_id, case_id) WHERE consent_share_ward "
    "AND NOT restricted",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON search_searchdocument {columns}"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_ward_shared_words_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
