"""Text inputs, text areas and file inputs rendered in Python, the same HTML as Django's
widget templates (as `wardcase.core.select` does for selects).

Django renders each widget through two templates (the widget's, then attrs.html), each
with its own context: about 0.3 ms a field. The case page shows ten fields in its action
panels, so a tenth of its time went on boxes the user had not opened. The context is
still Django's own (`Widget.get_context`: the value formatted, the attributes merged);
only the writing of it is here. Any widget or state not written here (a file input with
a file already chosen, a custom template) is rendered by Django as before.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wardcase.core.select import render_attrs

INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "number", "url", "password", "hidden", "date")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
FILE_TEMPLATES = frozenset(
    {"django/forms/widgets/file.html", "django/forms/widgets/clearable_file_input.html"}
)


def widget_html(field, attrs: dict) -> SafeString:
    """What `field.as_widget(attrs=attrs)` renders, for the widgets written here."""
    widget = field.field.widget
    name = widget.template_name
    if name not in INPUT_TEMPLATES and name != TEXTAREA_TEMPLATE and name not in FILE_TEMPLATES:
        return field.as_widget(attrs=attrs)
    if field.field.localize:
        widget.is_localized = True  # as BoundField.as_widget does
    built = field.build_widget_attrs(dict(attrs), widget)
    if field.auto_id and "id" not in widget.attrs:
        built.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), built)["widget"]
    if name == TEXTAREA_TEMPLATE:
        return textarea_html(context)
    if name in FILE_TEMPLATES:
        if context.get("is_initial"):
            return field.as_widget(attrs=attrs)  # the file chosen before, and a way to clear it
        return input_html({**context, "value": None})  # a file input never shows a value
    return input_html(context)


def input_html(context: dict) -> SafeString:
    """django/forms/widgets/input.html, from a widget's context."""
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value is not None else "",
        render_attrs(context["attrs"]),
    )


def textarea_html(context: dict) -> SafeString:
    """django/forms/widgets/textarea.html, from a widget's context."""
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        context["name"],
        render_attrs(context["attrs"]),
        context["value"] or "",
    )


def date_boxes_html(context: dict) -> SafeString:
    """The GOV.UK date input's day, month and year boxes (`GovukDateWidget`), from the
    widget's context. (The template it replaced is tests/core/templates/
    date_widget_reference.html: the search, report and audit pages show two each.)"""
    labels = (_("Day"), _("Month"), _("Year"))
    items = format_html_join(
        "",
        '\n  <div class="govuk-date-input__item">\n    <div class="govuk-form-group">\n'
        '      <label class="govuk-label govuk-date-input__label" for="{}">{}</label>\n'
        "      {}\n\n\n    </div>\n  </div>",
        (
            (box["attrs"].get("id", ""), label, input_html(box))
            for box, label in zip(context["subwidgets"], labels, strict=True)
        ),
    )
    return format_html('<div class="govuk-date-input">{}\n</div>', items)
