"""The working-day calendar the reports count with in SQL."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingDay(models.Model):
    """One calendar day, and how many working days the council has had up to and including it.

    The working days between two dates are the difference of their `number`s, so the
    reports count working days with a join instead of walking a calendar in Python. Built
    from the charter's calendar (weekends, the nation's bank holidays, closure days) by
    `wardcase.reports.calendar.ensure_working_days`.
    """

    day = models.DateField(primary_key=True)
    is_working = models.BooleanField()
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["day"]
        verbose_name = _("working day")

    def __str__(self):
        return f"{self.day} #{self.number}{'' if self.is_working else ' (closed)'}"
