"""`Model.objects.restrict(user, action)`: a queryset narrowed to what a user may reach.

The rules themselves live in `wardcase.permissions`, which registers one per model when
Django starts; core only knows where to look them up, so it imports no app.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

Rule = Callable[..., models.QuerySet]

_RULES: dict[str, Rule] = {}


def restriction_register(*, model: str, rule: Rule) -> None:
    """Register `rule(queryset, *, user, action)` for the model labelled `model`
    ("app_label.Model")."""
    _RULES[model] = rule


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what a user may reach, as NetBox's is."""

    def restrict(self, user: Any, action: str = "view") -> models.QuerySet:
        """The rows of this queryset `user` may `action`; none for anyone signed out.

        Raises ImproperlyConfigured if no rule is registered for the model, so a model
        cannot silently answer everything.
        """
        label = self.model._meta.label
        rule = _RULES.get(label)
        if rule is None:
            raise ImproperlyConfigured(f"No restriction rule registered for {label}.")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return rule(self, user=user, action=action)


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)
