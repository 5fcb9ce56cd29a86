"""The council, its departments and the glossary of services that cases are logged against."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.models import ChoiceLabels


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


# Working days after closing in which a reply still belongs to the case.
DEFAULT_FOLLOW_UP_WORKING_DAYS = 20
MAX_FOLLOW_UP_WORKING_DAYS = 260


class Council(ChoiceLabels, models.Model):
    """The council running this Wardcase. One per installation."""

    name = models.CharField(max_length=200, unique=True)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    follow_up_working_days = models.PositiveSmallIntegerField(
        _("follow-up window (working days)"),
        default=DEFAULT_FOLLOW_UP_WORKING_DAYS,
        help_text=_(
            "For this many working days after a case is closed, an emailed reply lands on "
            "it and its councillor is offered reopening; later, it becomes a draft new case."
        ),
    )

    class Meta:
        verbose_name = _("council")

    def __str__(self):
        return self.name


class Directorate(models.Model):
    """A group of departments under one director, as councils organise and report them."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="directorates")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="directorate_unique_name")
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A service area that answers cases, with a head of service who takes escalations."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(max_length=200)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="department_unique_name")
        ]

    def __str__(self):
        return self.name


class Service(models.Model):
    """An entry in the glossary of services: what a case is about, chosen from a list."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text=_(
            "Other words people use for it, separated by commas, so a search finds it: "
            "'bin, rubbish, refuse'."
        ),
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="service_unique_name")
        ]

    def __str__(self):
        return self.name
