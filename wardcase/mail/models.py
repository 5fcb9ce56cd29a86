"""The outbox: every notification is a row written in the same transaction as its cause."""

from django.db import models


class OutboxMessage(models.Model):
    """An email waiting to go, or gone. A sender task delivers it and marks it sent."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="outbox"
    )
    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_state_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"


# Mail coming in lives in its own module; imported here so Django finds the models.
from wardcase.mail.models_inbound import DraftCase, InboundMessage, MailboxState  # noqa: E402, F401
