"""Letters' reads: the templates a letter may be written from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from wardcase.core.errors import ServiceError
from wardcase.letters.models import LetterTemplate
from wardcase.letters.services import letter_templates_install_defaults

if TYPE_CHECKING:
    from django.db.models import QuerySet


def letter_templates_offered() -> QuerySet[LetterTemplate]:
    """The templates a councillor may choose from; the shipped ones on first use."""
    if not LetterTemplate.objects.exists():
        letter_templates_install_defaults()
    return LetterTemplate.objects.filter(active=True).order_by("name")


def letter_template_get(*, template_id: int | str | None) -> LetterTemplate:
    """An active template by its id; anything else is an error on the template field."""
    template = (
        LetterTemplate.objects.filter(pk=template_id, active=True).first()
        if template_id is not None
        else None
    )
    if template is None:
        raise ServiceError(_("Choose a letter template"), field="template")
    return template
