"""The reports' roll-up: the period's figures counted per day a case was logged, so a report
over years reads a few rows per day instead of every case and clock.

A day's rows are always recounted whole from the cases and clocks
(`wardcase.cases.services.report_rollup`), never incremented: a write that changes what a
report counts marks its case's day stale (`RollupStaleDay`) in its own transaction, and
`reports_rollup_refresh` recounts the stale days. A report reads the roll-up for the days
that are not stale and counts the stale ones live, so it never shows a figure older than
its data.

The dimensions are plain ids without foreign-key constraints (a roll-up row is not a
reference), named as on the case so the reports' scopes filter them alike.
"""

from django.db import models


class DayCount(models.Model):
    """A roll-up row's dimensions: the day the cases were logged and their department,
    ward and service."""

    day = models.DateField()
    department = models.ForeignKey(
        "directory.Department",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    ward = models.ForeignKey(
        "places.Ward", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class CaseCounts(DayCount):
    # The soonest due date of the cases' running or missed deadlines, or 0001-01-01 for
    # those already overdue when counted (a deadline passed stays passed
    # until a write, which marks the day stale), or none: the cases are overdue now
    # while it is before today.
    first_due_on = models.DateField(null=True)
    cases = models.PositiveIntegerField()
    open_cases = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day} {self.department_id}/{self.ward_id}/{self.service_id}: {self.cases}"


class ClockCounts(DayCount):
    kind = models.CharField(max_length=20)  # a Clock.Kind, copied: a count, never shown
    working_days = models.PositiveSmallIntegerField(null=True)
    decided = models.PositiveIntegerField()
    on_time = models.PositiveIntegerField()
    met = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day} {self.kind} {self.working_days}: {self.decided}"


class CaseDayCount(CaseCounts):
    """Cases logged on one day (council time) per department, ward and service, and how
    many of them are still open."""

    class Meta:
        indexes = [models.Index(fields=["day"], name="rollup_case_day_idx")]


class CaseMonthCount(CaseCounts):
    """`CaseDayCount` summed over each month (`day` is its first day): what a report reads
    for the whole months of its period."""

    class Meta:
        indexes = [models.Index(fields=["day"], name="rollup_case_month_idx")]


class ClockDayCount(ClockCounts):
    """The acknowledge and respond deadlines decided (met or missed) of the cases logged on
    one day, per department, ward and service of the case, kind and working days taken."""

    class Meta:
        indexes = [models.Index(fields=["day"], name="rollup_clock_day_idx")]


class ClockMonthCount(ClockCounts):
    """`ClockDayCount` summed over each month per department only (ward and service left
    empty): at a million cases a month per ward and service held almost a row per clock.
    So it serves the whole council's and a head's reports; a councillor's (by ward) reads
    the days."""

    class Meta:
        indexes = [models.Index(fields=["day"], name="rollup_clock_month_idx")]


class RollupStaleDay(models.Model):
    """A day whose roll-up rows may be out of date: written by every change to what a
    report counts, in the change's transaction. Not unique: a writer only ever inserts, so
    it never waits on (or is lost to) a refresh recounting the day; the refresh deletes
    exactly the marks it read, after recounting."""

    day = models.DateField(db_index=True)

    def __str__(self):
        return str(self.day)
