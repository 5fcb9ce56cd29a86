"""Two indexes on clocks no query needs, written again every time the sweep moves a
clock (50,000 in a week's sweep at a million cases): `(state, escalate_after)`, which
the escalation step's partial `clock_to_escalate_idx` replaced, and the case's own,
which `clock_case_kind_idx` and the unique constraints lead with."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0021_open_case_indexes"),
        ("charter", "0010_sweep_and_overdue_clock_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="clock",
            name="clock_state_escalate_idx",
        ),
        migrations.AlterField(
            model_name="clock",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="clocks",
                to="cases.case",
            ),
        ),
    ]
