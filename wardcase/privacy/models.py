"""Privacy: the retention schedule, subject access requests and what anonymisation did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wardcase.charter.sla import add_months
from wardcase.core.models import ChoiceLabels

DEFAULT_ANONYMISE_AFTER_MONTHS = 24


class RetentionPolicy(models.Model):
    """How long a council keeps personal data in closed cases before anonymising it."""

    council = models.OneToOneField(
        "directory.Council", on_delete=models.PROTECT, related_name="retention_policy"
    )
    anonymise_after_months = models.PositiveSmallIntegerField(
        _("anonymise personal data this many months after closure"),
        default=DEFAULT_ANONYMISE_AFTER_MONTHS,
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self):
        return _("%(council)s: anonymise %(months)s months after closure") % {
            "council": self.council,
            "months": self.anonymise_after_months,
        }


class AnonymisedCase(ChoiceLabels, models.Model):
    """A case whose personal data has been removed, by the retention sweep or by erasure.

    Kept here rather than on the case so the privacy app owns its own state; the case keeps
    its dates, service, department, ward, status and outcome for the statistics.
    """

    class Reason(models.TextChoices):
        RETENTION = "retention", _("Retention schedule")
        ERASURE = "erasure", _("Erasure request")

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+")
    anonymised_at = models.DateTimeField()
    reason = models.CharField(max_length=20, choices=Reason.choices)

    def __str__(self):
        return f"{self.case_id} {self.reason} {self.anonymised_at:%Y-%m-%d}"


def one_calendar_month_after(day):
    """The ICO's "one calendar month" for answering a subject access request."""
    return add_months(day, 1)


class SubjectAccessRequest(models.Model):
    """A constituent's request for everything Wardcase holds on them; due in one month."""

    constituent = models.ForeignKey(
        "constituents.Constituent", on_delete=models.PROTECT, related_name="access_requests"
    )
    requested_at = models.DateField(_("date the request was received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["fulfilled_at", "due_on"], name="sar_open_due_idx")]

    def __str__(self):
        return f"{self.constituent_id} due {self.due_on}"

    @property
    def is_overdue(self):
        return self.fulfilled_at is None and self.due_on < timezone.localdate()
