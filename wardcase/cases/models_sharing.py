"""Sharing a case with another user, and linking related cases."""

from django.conf import settings
from django.db import models

from wardcase.core.querysets import RestrictedManager


class CaseShare(models.Model):
    """A case shared by its owner's side with a named colleague or officer, with a reason.

    Revoking sets `revoked_at`: the row stays as the record of who could see the case when.
    Only a share with no `revoked_at` grants access, so access ends the moment it is revoked.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_shares"
    )
    reason = models.TextField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="caseshare_one_active_per_user",
            )
        ]
        indexes = [
            models.Index(fields=["user", "revoked_at"], name="caseshare_user_active_idx"),
            # A user's active shares, read on every page by the visibility filter: the
            # case ids from the index alone (PostgreSQL), not one table row a share.
            models.Index(
                fields=["user"],
                include=["case"],
                condition=models.Q(revoked_at__isnull=True),
                name="caseshare_user_cases_idx",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} shared with {self.user_id}"

    @property
    def is_active(self):
        return self.revoked_at is None


class CaseLink(models.Model):
    """Two cases about the same issue, linked instead of duplicated. Symmetric: stored once,
    with the lower id first, so a pair cannot be linked twice in either order."""

    case_a = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    case_b = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case_a", "case_b"], name="caselink_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(case_a__lt=models.F("case_b")), name="caselink_ordered_pair"
            ),
        ]
        indexes = [models.Index(fields=["case_b"], name="caselink_case_b_idx")]

    def __str__(self):
        return f"{self.case_a_id} <-> {self.case_b_id}"
