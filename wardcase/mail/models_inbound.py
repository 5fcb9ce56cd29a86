"""Mail coming in: every message is stored whole first, then processed by a task.

A message arrives through one of several doors (an IMAP mailbox, a file given to a
command or dropped on a case, a mail provider's webhook). Whatever the door, the raw
bytes are written to an `InboundMessage` row before anything else happens, so a crash
while processing never loses a message; the processing then puts it on a case, makes a
draft case, ignores it (auto-replies) or quarantines it with the reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wardcase.core.models import ChoiceLabels
from wardcase.core.querysets import RestrictedManager


class InboundMessage(ChoiceLabels, models.Model):
    """One email received, kept whole, with what became of it.

    Exactly once: IMAP messages are unique by mailbox, UIDVALIDITY and UID; Microsoft
    365 (Graph) messages by mailbox and Graph's immutable id; messages from files and
    webhooks by Message-ID and the SHA-256 of their bytes.
    """

    class Source(models.TextChoices):
        IMAP = "imap", _("Mailbox")
        GRAPH = "graph", _("Microsoft 365 mailbox")
        FILE = "file", _("File")
        UPLOAD = "upload", _("Dropped on a case")
        WEBHOOK = "webhook", _("Mail provider")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received, waiting to be processed")
        PROCESSED = "processed", _("Processed")
        QUARANTINED = "quarantined", _("Quarantined")
        IGNORED = "ignored", _("Ignored (automatic reply or bounce)")

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    mailbox = models.CharField(max_length=200, blank=True)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    uid = models.BigIntegerField(null=True, blank=True)
    remote_id = models.CharField(
        max_length=500, blank=True, help_text=_("Microsoft Graph's immutable id of the message.")
    )
    message_id = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64)
    raw = models.BinaryField(help_text=_("The message exactly as it arrived."))
    size = models.PositiveIntegerField()
    original_format = models.CharField(
        max_length=10, default="eml", help_text=_("eml, or msg for an Outlook file.")
    )
    original = models.BinaryField(
        null=True, blank=True, help_text=_("An Outlook file as given; `raw` is its MIME form.")
    )
    from_address = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RECEIVED)
    reason = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    target_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The case a file was dropped on."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    event = models.ForeignKey(
        "cases.CaseEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"],
                condition=Q(source="imap"),
                name="inbound_imap_once",
            ),
            models.UniqueConstraint(
                fields=["mailbox", "remote_id"],
                condition=Q(source="graph"),
                name="inbound_graph_once",
            ),
            models.UniqueConstraint(
                fields=["message_id", "sha256"],
                condition=~Q(source__in=["imap", "graph"]),
                name="inbound_raw_once",
            ),
        ]
        indexes = [models.Index(fields=["state", "received_at"], name="inbound_state_idx")]

    def __str__(self):
        return f"{self.from_address or '?'}: {self.subject or '(no subject)'}"

    @property
    def download_name(self):
        return f"message-{self.pk}.{self.original_format}"


class MailboxState(models.Model):
    """How far a mailbox has been read: the highest UID stored under its UIDVALIDITY."""

    mailbox = models.CharField(max_length=200)
    uidvalidity = models.BigIntegerField()
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "uidvalidity"], name="mailbox_state_once")
        ]

    def __str__(self):
        return f"{self.mailbox} ({self.uidvalidity}): {self.last_uid}"


class DraftCase(ChoiceLabels, models.Model):
    """A case prefilled from an email forwarded to the intake address, waiting to be confirmed.

    Only the person who forwarded it, and caseworkers acting for its councillor, see it.
    Confirming it logs a real case through the usual service; discarding keeps the row.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for you to confirm")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    created_at = models.DateTimeField(auto_now_add=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The councillor the case would be for, where known."),
    )
    inbound = models.OneToOneField(InboundMessage, on_delete=models.PROTECT, related_name="draft")
    subject = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    constituent_name = models.CharField(max_length=200, blank=True)
    constituent_email = models.CharField(max_length=254, blank=True)
    constituent_address = models.TextField(blank=True)
    constituent_postcode = models.CharField(max_length=10, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    follows = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The closed case a late reply answered; the confirmed case is linked to it."),
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="draft_state_idx")]

    def __str__(self):
        return self.subject or str(_("(no subject)"))
