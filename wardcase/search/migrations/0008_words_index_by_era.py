"""On PostgreSQL, the era of each case (its id in blocks of 65,536, `(case_id >> 16)`) in
both GIN indexes of words and keys.

A search finds its user's newest 1,001 matches (ADR 0005), window after window of the
newest cases where a word is common (`wardcase.search.selectors`). The window could not
go into the GIN index (it held no case id), so the index handed over every match of the
user's reach and each was read from the table to be tested against the window: an
officer's "Brown" read 8,405 documents of their department to keep 4,235 (8,816
buffers). With the era as a key, a window is a few eras, each looked up with the words
and one branch of the reach in the index (ADR 0017), and only the window's matches are
read. btree_gin compares values of the column's own type: the expression is an integer,
and the selectors write it the same way (`selectors.ERA_BITS`).

The indexes are made again under their own names; the old ones stay until the new ones
exist, so searches keep an index throughout.
"""

from django.db import migrations

ERA = "((case_id >> 16)::integer)"
# name: (columns before, columns after, condition)
INDEXES = {
    "search_doc_vector_keys_gin": (
        "search_vector, department_id, owner_id, lead_officer_id, ward_id",
        "",
    ),
    "search_doc_ward_shared_gin": (
        "search_vector, ward_id",
        " WHERE consent_share_ward AND NOT restricted",
    ),
}


def _replace(schema_editor, name, columns, where):
    """Build the index under a new name, then put it in the old one's place."""
    schema_editor.execute(f"DROP INDEX IF EXISTS {name}_next")
    schema_editor.execute(
        f"CREATE INDEX {name}_next ON search_searchdocument USING gin ({columns}){where}"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"ALTER INDEX {name}_next RENAME TO {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, (columns, where) in INDEXES.items():
            _replace(schema_editor, name, f"{columns}, {ERA}", where)
        # Statistics of the expression, so the planner knows an era's share of the cases.
        schema_editor.execute("ANALYZE search_searchdocument")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, (columns, where) in INDEXES.items():
            _replace(schema_editor, name, columns, where)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_reach_recent_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
