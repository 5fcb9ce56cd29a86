"""The officers' queues' sort keys, kept on the case (wardcase.cases.services.queue_keys),
worked out for the cases already stored in one UPDATE."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Clock = apps.get_model("charter", "Clock")
    answered = CaseEvent.objects.filter(
        case=OuterRef("case"),
        kind__in=["update", "full_response"],
        created_at__gte=OuterRef("created_at"),
    )
    unanswered = (
        CaseEvent.objects.filter(case=OuterRef("pk"), kind="chase")
        .filter(~Exists(answered))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    soonest = (
        Clock.objects.filter(case=OuterRef("pk"), state__in=["running", "breached"])
        .order_by("due_on")
        .values("due_on")[:1]
    )
    Case.objects.update(chased_at=Subquery(unanswered), next_due_on=Subquery(soonest))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_letter_sent_event"),
        ("charter", "0009_scale_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="chased_at",
            field=models.DateTimeField(
                blank=True,
                help_text="The councillor's side asked for an update not yet given.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="next_due_on",
            field=models.DateField(
                blank=True, help_text="The soonest running or overdue deadline.", null=True
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
