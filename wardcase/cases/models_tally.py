"""The deadline tally behind the coordinator's and the head of service's home-page
summaries (`wardcase.cases.tally`): a snapshot taken every few minutes so those pages do
not count every overdue deadline of the council on each visit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineTally(models.Model):
    """Open cases and their live charter deadlines, and the cases logged since last month
    began, counted for one department, lead officer and restricted flag at the time in
    `TallyTaken`.

    The department and the restricted flag are the case's, under the same names, so
    `department_reach_q` (which cases staff see by where they sit) filters these rows
    as it filters cases."""

    department = models.ForeignKey(
        "directory.Department", on_delete=models.CASCADE, null=True, related_name="+"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    restricted = models.BooleanField()
    open_cases = models.PositiveIntegerField(default=0)
    running = models.PositiveIntegerField(default=0)
    running_cases = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    paused = models.PositiveIntegerField(default=0)
    # Cases logged (open or closed) this month, last month, and last month up to the
    # same day: the coordinator's "cases logged this month".
    logged_this_month = models.PositiveIntegerField(default=0)
    logged_last_month = models.PositiveIntegerField(default=0)
    logged_last_month_to_date = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("deadline tally")
        verbose_name_plural = _("deadline tallies")

    def __str__(self):
        return f"{self.department_id}/{self.lead_officer_id}: {self.overdue} overdue"


class TallyTaken(models.Model):
    """When the deadline tally was last taken: one row. `today` is the day its running,
    due-soon and overdue counts were judged against."""

    taken_at = models.DateTimeField()
    today = models.DateField()

    class Meta:
        verbose_name = _("deadline tally time")

    def __str__(self):
        return f"tally taken {self.taken_at:%Y-%m-%d %H:%M}"
