"""The outbox: every notification is a row written in the same transaction as its cause."""

from django.db import models
from django.db.models import Q

from wardcase.core.models import ChoiceLabels


class OutboxMessage(ChoiceLabels, models.Model):
    """An email waiting to go, held for a digest, or gone.

    A sender claims a row (`claim_token`, `claimed_until`) before sending it, so two
    senders never send one message twice; a claim whose sender died expires, and the
    row goes again. `message_id`, `in_reply_to` and `references` are stored so the
    thread a recipient sees is the same however often the row is retried.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        HELD = "held", "Held for the daily digest"
        DIGESTED = "digested", "Delivered in a digest"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # No index of its own: `outbox_thread_idx` leads with the case (a sweep writes
    # tens of thousands of rows, each into every index).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbox",
        db_index=False,
    )
    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    message_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    reply_to = models.CharField(max_length=255, blank=True)

    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    # Indexed only where set (`outbox_digested_idx`): every message is written with none.
    digest = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="digested_messages",
        help_text="The digest email this held message was delivered in.",
    )
    digest_date = models.DateField(
        null=True,
        blank=True,
        help_text="Set on a digest email: the council-time day it is the digest for.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="outbox_state_idx"),
            models.Index(fields=["case", "to", "created_at"], name="outbox_thread_idx"),
            # Partial: only the held messages are ever looked up by recipient and state
            # (digests, a change of preference); a sweep writes tens of thousands of
            # rows, each into every index whose condition it meets.
            models.Index(
                fields=["recipient"], condition=Q(state="held"), name="outbox_held_only_idx"
            ),
            models.Index(
                fields=["digest"], condition=Q(digest__isnull=False), name="outbox_digested_idx"
            ),
        ]
        constraints = [
            # One digest per person per day, enforced by the database: two digest runs at
            # once cannot both send.
            models.UniqueConstraint(
                fields=["recipient", "digest_date"],
                condition=Q(digest_date__isnull=False),
                name="outbox_one_digest_per_day",
            )
        ]

    def __str__(self):
        # No subject: it carries case content, and this shows in the admin.
        return f"Message {self.pk} to {self.to}"


# Mail coming in lives in its own module; imported here so Django finds the models.
from wardcase.mail.models_inbound import DraftCase, InboundMessage, MailboxState  # noqa: E402, F401
