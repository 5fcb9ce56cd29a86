"""Two outbox indexes made partial: `(state, recipient)` becomes the held messages'
recipients (only held messages are looked up that way), and the digest's foreign-key
index holds only the rows delivered in a digest. A sweep writes every message pending
or held with no digest, so each of its 67,000 rows in a week's sweep skips both."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0006_drop_redundant_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="outboxmessage",
            name="outbox_held_idx",
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="digest",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The digest email this held message was delivered in.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="digested_messages",
                to="mail.outboxmessage",
            ),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("state", "held")),
                fields=["recipient"],
                name="outbox_held_only_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("digest__isnull", False)),
                fields=["digest"],
                name="outbox_digested_idx",
            ),
        ),
    ]
