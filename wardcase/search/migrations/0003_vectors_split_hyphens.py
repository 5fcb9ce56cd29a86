"""PostgreSQL only: rebuild the tsvector columns with hyphens read as spaces.

PostgreSQL's parser reads "WC-2026-000123" as a word and two signed numbers ("-2026"), so
a search for the reference, or for "anti-social" typed as two words, found nothing. The
columns are generated, so dropping and adding them recomputes every row.
"""

from django.db import migrations

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


def _weighted(column, weight, split_hyphens):
    text = f"translate({column}, '-', ' ')" if split_hyphens else column
    return f"setweight(to_tsvector('english'::regconfig, coalesce({text}, '')), '{weight}')"


def _rebuild(split_hyphens):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, parts in AUDIENCES.items():
            expression = " || ".join(_weighted(c, w, split_hyphens) for c, w in parts)
            schema_editor.execute(f"ALTER TABLE search_searchdocument DROP COLUMN {name}")
            schema_editor.execute(
                f"ALTER TABLE search_searchdocument ADD COLUMN {name} tsvector "
                f"GENERATED ALWAYS AS ({expression}) STORED"
            )
            schema_editor.execute(
                f"CREATE INDEX search_doc_{name}_gin ON search_searchdocument USING gin ({name})"
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_engines")]

    operations = [migrations.RunPython(_rebuild(True), _rebuild(False))]
