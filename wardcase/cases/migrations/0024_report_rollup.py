"""The reports' roll-up (wardcase.cases.models_rollup). Every day already holding cases is
marked stale, so reports count them live until `reports_rollup_refresh` first runs."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models.functions import TruncDate


def mark_every_day_stale(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    RollupStaleDay = apps.get_model("cases", "RollupStaleDay")
    days = (
        Case.objects.using(schema_editor.connection.alias)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values_list("day", flat=True)
        .distinct()
    )
    RollupStaleDay.objects.using(schema_editor.connection.alias).bulk_create(
        [RollupStaleDay(day=day) for day in days], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0023_deadline_tally'),
        ('directory', '0004_council_follow_up_window'),
        ('places', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='RollupStaleDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(db_index=True)),
            ],
        ),
        migrations.CreateModel(
            name='CaseDayCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('first_due_on', models.DateField(null=True)),
                ('cases', models.PositiveIntegerField()),
                ('open_cases', models.PositiveIntegerField()),
                ('department', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.department')),
                ('service', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.service')),
                ('ward', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.ward')),
            ],
            options={
                'indexes': [models.Index(fields=['day'], name='rollup_case_day_idx')],
            },
        ),
        migrations.CreateModel(
            name='CaseMonthCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('first_due_on', models.DateField(null=True)),
                ('cases', models.PositiveIntegerField()),
                ('open_cases', models.PositiveIntegerField()),
                ('department', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.department')),
                ('service', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.service')),
                ('ward', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.ward')),
            ],
            options={
                'indexes': [models.Index(fields=['day'], name='rollup_case_month_idx')],
            },
        ),
        migrations.CreateModel(
            name='ClockDayCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('kind', models.CharField(max_length=20)),
                ('working_days', models.PositiveSmallIntegerField(null=True)),
                ('decided', models.PositiveIntegerField()),
                ('on_time', models.PositiveIntegerField()),
                ('met', models.PositiveIntegerField()),
                ('department', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.department')),
                ('service', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.service')),
                ('ward', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.ward')),
            ],
            options={
                'indexes': [models.Index(fields=['day'], name='rollup_clock_day_idx')],
            },
        ),
        migrations.CreateModel(
            name='ClockMonthCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('kind', models.CharField(max_length=20)),
                ('working_days', models.PositiveSmallIntegerField(null=True)),
                ('decided', models.PositiveIntegerField()),
                ('on_time', models.PositiveIntegerField()),
                ('met', models.PositiveIntegerField()),
                ('department', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.department')),
                ('service', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.service')),
                ('ward', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.ward')),
            ],
            options={
                'indexes': [models.Index(fields=['day'], name='rollup_clock_month_idx')],
            },
        ),
        migrations.RunPython(mark_every_day_stale, migrations.RunPython.noop),
    ]
