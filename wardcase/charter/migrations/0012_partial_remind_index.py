"""The reminder step's index holds running clocks only: `(state, remind_on)` held every
clock ever kept, and each breach and escalation the sweep makes (43,000 in a week's
sweep at a million cases) wrote an entry in it. A reminder changes no indexed column,
so with room on the page it is a HOT update and writes no index at all."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0011_drop_redundant_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="clock",
            name="clock_state_remind_idx",
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("state", "running")),
                fields=["remind_on"],
                name="clock_running_remind_idx",
            ),
        ),
    ]
