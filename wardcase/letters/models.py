"""Word letter templates that administrators upload and councillors fill from a case."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.models import TimeStampedModel


class Purpose(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the constituent")
    RESPONSE = "response", _("Response to the constituent")
    CLOSURE = "closure", _("Closing the case")
    OTHER = "other", _("Other")


class LetterTemplate(TimeStampedModel):
    """A .docx file with merge fields (see wardcase.letters.merge), checked on upload.

    Inactive templates are kept, so letters generated from them still say where they
    came from, but are no longer offered.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    file = models.FileField(_("Word file (.docx)"), upload_to="letter_templates/", max_length=300)
    active = models.BooleanField(_("offered to councillors"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("letter template")

    def __str__(self):
        return self.name
