"""The service charter: its terms, the council's closure days, and each case's clocks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wardcase.charter.choices import CaseType
from wardcase.core.models import ChoiceLabels


class CharterRule(ChoiceLabels, models.Model):
    """Charter terms for the whole council, a directorate, a department, a case type, or a
    directorate or department with a case type.

    A blank term inherits from the less specific rule; with no rule at all the defaults
    are 3 and 10 working days, updates every 6 weeks, closure within 6 months.
    """

    department = models.ForeignKey(
        "directory.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="charter_rules",
        help_text=_("Leave blank for every department."),
    )
    directorate = models.ForeignKey(
        "directory.Directorate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="charter_rules",
        help_text=_(
            "For every department in this directorate. Leave blank, or choose a department instead."
        ),
    )
    case_type = models.CharField(
        max_length=30,
        choices=CaseType.choices,
        blank=True,
        help_text=_("Leave blank for every case type."),
    )
    acknowledge_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)"), null=True, blank=True
    )
    response_days = models.PositiveSmallIntegerField(
        _("full response within (working days)"), null=True, blank=True
    )
    update_weeks = models.PositiveSmallIntegerField(
        _("written update at least every (weeks)"), null=True, blank=True
    )
    resolve_months = models.PositiveSmallIntegerField(
        _("resolve or close within (months)"), null=True, blank=True
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind the officer (working days before)"), null=True, blank=True
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("tell the coordinators when still overdue after (working days)"),
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("charter rule")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type"],
                condition=Q(department__isnull=True, directorate__isnull=True),
                name="charter_rule_unique_council",
            ),
            models.UniqueConstraint(
                fields=["directorate", "case_type"],
                condition=Q(directorate__isnull=False),
                name="charter_rule_unique_directorate",
            ),
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(directorate__isnull=True),
                name="charter_rule_department_or_directorate",
                violation_error_message=_("Choose a department or a directorate, not both."),
            ),
            models.UniqueConstraint(
                fields=["department", "case_type"],
                condition=Q(department__isnull=False),
                name="charter_rule_unique_department",
            ),
        ]

    def __str__(self):
        scope = self.department or self.directorate or _("Whole council")
        if self.case_type:
            return f"{scope}: {self.get_case_type_display()}"
        return str(scope)


class ClosureDay(models.Model):
    """A day the council is closed besides bank holidays: it is not a working day."""

    day = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["day"]
        verbose_name = _("council closure day")

    def __str__(self):
        return f"{self.day:%d %B %Y}: {self.name}"


class Clock(ChoiceLabels, models.Model):
    """One charter deadline on a case. An update clock starts afresh after each update,
    so a case has a history of them; at most one of each kind is live at a time."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Acknowledge")
        RESPOND = "respond", _("Full response")
        UPDATE = "update", _("Written update")
        RESOLVE = "resolve", _("Resolve or close")

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        MET = "met", _("Met")
        BREACHED = "breached", _("Breached")
        STOPPED = "stopped", _("Stopped")

    LIVE_STATES = [State.RUNNING, State.PAUSED, State.BREACHED]

    # No index of its own: `clock_case_kind_idx` leads with the case. Every index is
    # written again when the sweep moves a clock (a million-case sweep moves 50,000).
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="clocks", db_index=False
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField()
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=20)
    extension_days = models.PositiveSmallIntegerField(default=0)
    remind_days_before = models.PositiveSmallIntegerField(default=1)
    escalate_after_days = models.PositiveSmallIntegerField(default=5)
    due_on = models.DateField()
    remind_on = models.DateField()
    escalate_after = models.DateField()
    met_at = models.DateTimeField(null=True, blank=True)
    # Set when met: the working days it took, counted as its due date is (sla.working_days_taken),
    # so the reports' medians are a plain aggregate over this column.
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="clock_state_due_idx"),
            # Overdue now (breached, or running past its date): the dashboards count these.
            models.Index(
                fields=["due_on"],
                include=["case", "state"],
                condition=Q(state__in=["running", "breached"]),
                name="clock_running_due_idx",
            ),
            # The sweep's reminder step. Partial, so moving a clock on from running
            # (a breach) writes no entry here, and a reminder (which changes no column
            # of any index) can be a HOT update.
            models.Index(
                fields=["remind_on"],
                condition=Q(state="running"),
                name="clock_running_remind_idx",
            ),
            # The sweep's breach step: running clocks by due date (the overdue index above
            # holds breaches too, which the step would read past to find none running).
            models.Index(
                fields=["due_on"],
                condition=Q(state="running"),
                name="clock_running_only_due_idx",
            ),
            # The sweep's escalation step: breaches not yet escalated, by date.
            models.Index(
                fields=["escalate_after"],
                condition=Q(state="breached", escalated_at__isnull=True),
                name="clock_to_escalate_idx",
            ),
            # Covering on PostgreSQL: the reports read a period's clocks through it alone.
            models.Index(
                fields=["case", "kind"],
                include=["state", "working_days", "met_at", "due_on"],
                name="clock_case_kind_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(state__in=["running", "paused", "breached"]),
                name="clock_one_live_per_kind",
            ),
            # Only the update clock starts afresh; the reports count these clocks as cases.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(kind__in=["acknowledge", "respond", "resolve"]),
                name="clock_one_per_case_of_fixed_kinds",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.kind} due {self.due_on} ({self.state})"

    @property
    def is_live(self):
        return self.state in self.LIVE_STATES


class Pause(models.Model):
    """A time the case waited for information from the councillor or constituent."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    # The case's status before the pause, restored on resuming: a plain string, as the
    # charter does not know the case's statuses (the case services check it).
    previous_status = models.CharField(max_length=30)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_at__isnull=True), name="pause_one_open"
            )
        ]

    def __str__(self):
        return f"{self.case_id} paused {self.started_at:%Y-%m-%d}"


class Extension(ChoiceLabels, models.Model):
    """An officer's request for more time on a deadline; only the owning councillor agrees."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the councillor")
        APPROVED = "approved", _("Agreed")
        REFUSED = "refused", _("Refused")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="extensions")
    working_days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"],
                condition=Q(decision="pending"),
                name="extension_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.clock} +{self.working_days} ({self.decision})"
