"""Panels that an app higher up adds to a page of an app below it.

The home page belongs to cases, but its summary panels are reports' work, and cases may
not import reports. So reports registers its panel from its `AppConfig.ready()`, and the
home view asks for whatever panels the page has, knowing nothing of who drew them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """`build(user=...)` returns the panel's data, or None when the user has no such panel;
    `template` shows it, reading the data from the context variable `name`."""

    name: str
    template: str
    build: Callable[..., Any]


_pages: dict[str, dict[str, Panel]] = {}


def register_panel(*, page: str, panel: Panel) -> None:
    _pages.setdefault(page, {})[panel.name] = panel


def page_panels(*, page: str, user) -> dict[str, Any]:
    """Template context for the panels of `page`: each panel's data under its name, and
    the templates that show them, in the order the apps registered them, as
    `panel_templates`."""
    panels = list(_pages.get(page, {}).values())
    context: dict[str, Any] = {panel.name: panel.build(user=user) for panel in panels}
    context["panel_templates"] = [panel.template for panel in panels]
    return context
