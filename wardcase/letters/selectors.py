"""Letters' reads: the templates a letter may be written from."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wardcase.core.errors import ServiceError
from wardcase.letters.models import LetterTemplate
from wardcase.letters.services import letter_templates_install_defaults


def letter_templates_offered() -> list[LetterTemplate]:
    """The templates a councillor may choose from; the shipped ones on first use.

    One query once any template is active: the case page shows these to the
    councillor's side, and asks nothing more than the list itself."""
    active = LetterTemplate.objects.filter(active=True).order_by("name")
    templates = list(active)
    if not templates and letter_templates_install_defaults():
        templates = list(active.all())
    return templates


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
