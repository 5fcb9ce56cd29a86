"""ChoiceLabels gives the same get_FOO_display() as Django, without its per-call cost."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from wardcase.cases.models import Case
from wardcase.core.models import ChoiceLabels


def _choice_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices and issubclass(model, ChoiceLabels):
                yield model, field


def test_every_wardcase_model_with_choices_uses_it():
    """A model left out would still work, only slowly; this keeps the list whole."""
    missing = sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("wardcase.")
        for field in model._meta.concrete_fields
        if field.choices and not issubclass(model, ChoiceLabels)
    )
    assert missing == []


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_labels_equal_djangos_for_every_choice(language):
    compared = 0
    with translation.override(language):
        for model, field in _choice_fields():
            instance = model()
            for value, _label in field.flatchoices:
                setattr(instance, field.attname, value)
                ours = getattr(instance, f"get_{field.name}_display")()
                djangos = models.Model._get_FIELD_display(instance, field)
                assert ours == djangos, (model, field.name, value)
                assert isinstance(ours, str)
                compared += 1
    assert compared > 50


def test_a_value_outside_the_choices_shows_as_itself():
    case = Case(status="no-such-status")
    assert case.get_status_display() == "no-such-status"
