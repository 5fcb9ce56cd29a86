"""An import of cases started from the Council settings page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.models import ChoiceLabels


def import_path(instance, filename):
    """Stored under a generated name: the uploader's file name is never a path."""
    return f"imports/{instance.token}.{instance.file_format}"


class CaseImport(ChoiceLabels, models.Model):
    """One uploaded case file, checked (and, unless a dry run, imported) by a background
    task, which records its progress and its report here for the page to show."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking rows")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Could not be read")

    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=import_path, max_length=200)
    file_format = models.CharField(max_length=4)
    original_name = models.CharField(max_length=255)
    dry_run = models.BooleanField(default=True)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    already_imported = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0, help_text=_("Rows imported so far"))
    to_do = models.PositiveIntegerField(default=0, help_text=_("Rows to import"))
    report = models.JSONField(default=list, blank=True)  # [line, reference, column, problem]
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name

    @property
    def finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return 100 * self.done // self.to_do if self.to_do else 0
