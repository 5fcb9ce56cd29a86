"""Indexes for the duplicate check's prefilters (wardcase.constituents.matching and
wardcase.cases.similar), PostgreSQL only.

- The phone number without its separators: `constituents.matching.phone_digits` drops
  spaces, dashes, dots and brackets in SQL, so "07700 900 123" and "07700-900123" both end
  in "0123" and begin "07700900". A GIN pg_trgm index on that same expression (as
  PostgreSQL writes Django's SQL for it) serves "ends with the last four digits" (seen
  before) and "begins with what has been typed" (the new-case page). It replaces 0003's
  index on the raw number, which nothing asks for any more.
- The people of a postcode sector as ids: "the same issue" asks for the open cases of a
  service whose person lives in the sector, as a hashed list of the sector's people;
  `(postcode varchar_pattern_ops) INCLUDE (id)` reads that list from the index alone.

SQLite has neither and reads every row as before; the models do not declare these
indexes, so nothing else changes there.
"""

from django.db import migrations

DIGITS = (
    "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '.', ''), '(', ''), "
    "')', '')"
)
INDEXES = {
    "constituent_phone_digits_trgm_idx": f"USING gin (({DIGITS}) gin_trgm_ops)",
    "constituent_postcode_id_idx": "(postcode varchar_pattern_ops) INCLUDE (id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS constituent_phone_trgm_idx")
    for name, how in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON constituents_constituent {how}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS constituent_phone_trgm_idx "
        "ON constituents_constituent USING gin (phone gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("constituents", "0003_person_match_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
