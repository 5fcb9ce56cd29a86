"""Two indexes every outbox row was written into and no query reads: the case's own
(`outbox_thread_idx` leads with the case) and, on PostgreSQL, the `LIKE` index Django
makes beside a unique text column (Message-IDs are only ever matched whole). A week's
sweep writes 67,000 rows at once."""

import django.db.models.deletion
from django.db import migrations, models

LIKE_INDEX = "mail_outboxmessage_message_id_4e7a8633_like"


def drop_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {LIKE_INDEX}")


def make_like_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {LIKE_INDEX} "
            "ON mail_outboxmessage (message_id varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("mail", "0005_draft_follows_case"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="outbox",
                to="cases.case",
            ),
        ),
        migrations.RunPython(drop_like_index, make_like_index, elidable=False),
    ]
