"""PostgreSQL only: one weighted tsvector and one GIN index, instead of four of each.

Each part of a case's text carries its own weight label, so a search says in its query
which parts the user may match (`'word':AB` matches only labels A and B) and ranks only
those (`ts_filter`): A the reference and subject, B the description, location and the
timeline everyone may read, C the constituent's contact details, D internal notes. The
four vectors (one per audience) held most of the text four times over: the search
document table, its TOAST and its indexes were 4 times the size, and a search read the
vector of each case it tested from TOAST. Contact details and internal notes come last,
so the positions of the text every searcher may read are the same whoever searches.

Dropping the four columns and adding the new one is one ALTER TABLE: one rewrite of the
table, computing the vector of every document.
"""

from importlib import import_module

from django.db import migrations

# The four vectors this replaces (and `_backward` makes again), as 0003 made them.
_previous = import_module("wardcase.search.migrations.0003_vectors_split_hyphens")
OLD = _previous.AUDIENCES
# Column, weight label; the order is the order of positions in the vector.
PARTS = [("title", "A"), ("body", "B"), ("timeline", "B"), ("internal", "D"), ("contact", "C")]


def _vector(parts):
    # Hyphens read as spaces, as in 0003: references and "anti-social" split into words.
    return " || ".join(_previous._weighted(column, weight, True) for column, weight in parts)


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drops = ", ".join(f"DROP COLUMN {name}" for name in OLD)
    schema_editor.execute(
        f"ALTER TABLE search_searchdocument {drops}, ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({_vector(PARTS)}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX search_doc_vector_gin ON search_searchdocument USING gin (search_vector)"
    )


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    adds = ", ".join(
        f"ADD COLUMN {name} tsvector GENERATED ALWAYS AS ({_vector(parts)}) STORED"
        for name, parts in OLD.items()
    )
    schema_editor.execute(f"ALTER TABLE search_searchdocument DROP COLUMN search_vector, {adds}")
    for name in OLD:
        schema_editor.execute(
            f"CREATE INDEX search_doc_{name}_gin ON search_searchdocument USING gin ({name})"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vectors_split_hyphens")]

    operations = [migrations.RunPython(_forward, _backward)]
