"""People who sign in to Wardcase and the roles that decide what they see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNCILLOR = "councillor", _("Councillor")
    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICER = "officer", _("Officer")
    HEAD_OF_SERVICE = "head_of_service", _("Head of service")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
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
