from django.db import migrations
from django.db.models import OuterRef, Subquery

LIVE = ["running", "paused", "breached"]


def meet_updates_at_proposals(apps, schema_editor):
    """A proposal to close now meets the update clock (`clocks.clocks_on_closure_proposed`).
    Open cases proposed for closure before that kept one running, to remind and escalate
    while the councillor decided; meet it at the proposal, in one statement. Only the
    acknowledge and respond clocks' working days feed the reports, so none is counted."""
    Case = apps.get_model("cases", "Case")
    Clock = apps.get_model("charter", "Clock")
    proposed = Case.objects.filter(closure_proposed_at__isnull=False).exclude(status="closed")
    proposal = Case.objects.filter(pk=OuterRef("case_id")).values("closure_proposed_at")[:1]
    Clock.objects.filter(kind="update", state__in=LIVE, case__in=proposed).update(
        state="met", met_at=Subquery(proposal)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0006_covering_clock_index"),
        ("cases", "0010_closure_declined_event"),
    ]

    operations = [migrations.RunPython(meet_updates_at_proposals, migrations.RunPython.noop)]
