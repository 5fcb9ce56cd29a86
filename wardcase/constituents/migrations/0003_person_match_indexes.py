"""Indexes for the "same person" prefilter (wardcase.constituents.matching), PostgreSQL only.

The prefilter asks for a surname anywhere in the name (`UPPER(name) LIKE '%SMITH%'`), a
phone ending in the same four digits and an email in any case. Without these PostgreSQL
reads every constituent; with them it reads only the candidates. pg_trgm is a trusted
extension (PostgreSQL 13+), so the database's owner may create it, as the test role does.
SQLite has neither, and reads every row as before; the models do not declare these
indexes, so nothing else changes there.
"""

from django.db import migrations

INDEXES = {
    "constituent_name_trgm_idx": "USING gin (UPPER(name) gin_trgm_ops)",
    "constituent_phone_trgm_idx": "USING gin (phone gin_trgm_ops)",
    "constituent_email_upper_idx": "(UPPER(email))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, how in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON constituents_constituent {how}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("constituents", "0002_constituent_anonymised_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
