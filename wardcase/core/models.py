"""Base models shared by every Wardcase app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds created and modified times to a model."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PeriodicRun(models.Model):
    """When each periodic command (WARDCASE_PERIODIC_COMMANDS) last ran, as recorded by
    `manage.py run_periodic`; the health check reads it to tell a stopped scheduler."""

    command = models.CharField(max_length=100, unique=True)
    last_finished_at = models.DateTimeField()
    last_succeeded = models.BooleanField()
    last_succeeded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.command} at {self.last_finished_at:%Y-%m-%d %H:%M}"
