"""Constituents: the people who bring problems to their councillors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.models import TimeStampedModel


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    NONE = "none", _("Do not contact")


class Constituent(TimeStampedModel):
    """A person a case is about. Holds personal data: seen only through the cases it is on."""

    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When retention or erasure removed this person's details."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
