from django.db import migrations, models
from django.utils import timezone

BATCH = 2000


def record_working_days(apps, schema_editor):
    """Work out the working days every clock met before this field existed took, with the
    same function `clocks.meet` now calls, so old and new cases count alike in reports."""
    from wardcase.charter import sla

    Clock = apps.get_model("charter", "Clock")
    Pause = apps.get_model("charter", "Pause")
    Council = apps.get_model("directory", "Council")
    ClosureDay = apps.get_model("charter", "ClosureDay")
    met = Clock.objects.filter(state="met", met_at__isnull=False, working_days__isnull=True)
    if not met.exists():
        return
    nation = Council.objects.values_list("nation", flat=True).first() or "england"
    first = timezone.localtime(met.order_by("started_at").first().started_at).year
    last = timezone.localdate().year + 1
    closures = dict(ClosureDay.objects.values_list("day", "name"))
    calendar = sla.WorkingCalendar.for_nation(nation, range(first, last + 1), closures)
    last_pk = 0
    while batch := list(met.filter(pk__gt=last_pk).order_by("pk")[:BATCH]):
        last_pk = batch[-1].pk
        pauses = {}
        for case_id, started, ended in Pause.objects.filter(
            case_id__in={c.case_id for c in batch}
        ).values_list("case_id", "started_at", "ended_at"):
            pauses.setdefault(case_id, []).append((started, ended))
        for clock in batch:
            clock.working_days = sla.working_days_taken(
                started_at=timezone.localtime(clock.started_at),
                met_at=timezone.localtime(clock.met_at),
                calendar=calendar,
                pauses=[
                    sla.Pause(timezone.localtime(s), timezone.localtime(e) if e else None)
                    for s, e in pauses.get(clock.case_id, [])
                    if s <= clock.met_at
                ],
            )
        Clock.objects.bulk_update(batch, ["working_days"])


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0002_drop_sweep_run"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="clock",
            name="working_days",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(record_working_days, migrations.RunPython.noop),
    ]
