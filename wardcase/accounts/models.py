"""People who sign in to Wardcase and the roles that decide what they see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.models import ChoiceLabels


class Role(models.TextChoices):
    COUNCILLOR = "councillor", _("Councillor")
    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICER = "officer", _("Officer")
    HEAD_OF_SERVICE = "head_of_service", _("Head of service")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(ChoiceLabels, AbstractUser):
    """A Wardcase user. The role is one of the council's roles, not a Django group."""

    name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    ward = models.ForeignKey(
        "places.Ward", on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    department = models.ForeignKey(
        "directory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    acts_for = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="caseworkers",
        help_text=_("Councillors this caseworker logs and manages cases for."),
    )
    email_digest = models.BooleanField(
        _("daily digest instead of single emails"),
        default=False,
        help_text=_("Reminders and escalations come once a day in one email."),
    )
    oidc_subject = models.CharField(
        _("council account identifier"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The council sign-in service's fixed identifier for this person (Entra ID's "
            "object id), linked at their first sign-in with the council account. Clear it "
            "to link a new council account by email at the next sign-in."
        ),
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["role"], name="user_role_idx")]

    def __str__(self):
        return self.name or self.username

    @property
    def is_councillor(self):
        return self.role == Role.COUNCILLOR

    @property
    def is_caseworker(self):
        return self.role == Role.CASEWORKER

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_officer(self):
        return self.role == Role.OFFICER

    @property
    def is_head_of_service(self):
        return self.role == Role.HEAD_OF_SERVICE

    @property
    def is_administrator(self):
        return self.role == Role.ADMINISTRATOR


class Cover(models.Model):
    """Holiday cover: a deputy acts for a councillor between two dates, both included.

    It ends by itself: every check compares today's date with the period, so no job has to
    switch it off.
    """

    councillor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="covers_given")
    deputy = models.ForeignKey(User, on_delete=models.PROTECT, related_name="covers_taken")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cover_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["deputy", "ends_on"], name="cover_deputy_ends_idx")]

    def __str__(self):
        return f"{self.deputy} for {self.councillor}, {self.starts_on} to {self.ends_on}"


class Invitation(models.Model):
    """A single-use link that lets a new user set their password, then their second factor.

    Only the SHA-256 of the token is kept, so the database (or a backup of it) cannot be used
    to accept an invitation. A link stops working when it is used, when it expires, or when
    a newer invitation to the same user replaces it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="invitation_user_idx")]

    def __str__(self):
        return f"Invitation for {self.user} sent {self.created_at:%Y-%m-%d %H:%M}"
