"""Base models shared by every Wardcase app."""

from functools import cache

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.encoding import force_str


@cache
def _choice_labels(field):
    """The field's {value: label}, built once; the labels stay lazy, so each is still
    translated into the language active when it is shown."""
    return dict(field.flatchoices)


class ChoiceLabels:
    """`get_FOO_display()` without rebuilding the field's choices on every call.

    Django's own version hashes every choice's lazy label on each call, which translates
    every label: a list of 25 cases translated over a thousand labels it never showed.
    Put it before `models.Model` in a model's bases."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value (never a Wardcase choice): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class TimeStampedModel(ChoiceLabels, models.Model):
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


class IdempotencyKey(models.Model):
    """A request a client may retry: the `Idempotency-Key` it sent (or the key hidden in a
    web form), a fingerprint of the request, and the response it got, so a retry within
    `wardcase.core.idempotency.LIFETIME` gets that response instead of a second case.

    The unique constraint makes concurrent retries safe: the second insert waits for the
    first request's transaction, then finds its answer.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self):
        return f"{self.key} ({self.user_id})"
