"""Template helpers that turn cases and form fields into GOV.UK Design System markup."""

from datetime import timedelta

from django import forms, template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from wardcase.cases.choices import Outcome, Priority, Status
from wardcase.constituents import matching
from wardcase.core.select import select_html
from wardcase.core.widgets import widget_html

register = template.Library()

# Colour carries no meaning alone: the tag's text always says the status.
STATUS_COLOURS = {
    Status.NEW: "",
    Status.ASSIGNED: "govuk-tag--turquoise",
    Status.ACKNOWLEDGED: "govuk-tag--teal",
    Status.IN_PROGRESS: "govuk-tag--purple",
    Status.AWAITING_INFORMATION: "govuk-tag--yellow",
    Status.RESPONDED: "govuk-tag--green",
    Status.CLOSED: "govuk-tag--grey",
    Status.REOPENED: "govuk-tag--orange",
}
DUE_SOON_DAYS = 2


@register.simple_tag
def status_tag(case):
    """The case's status as a coloured tag, with a second tag when closure is proposed."""
    html = format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_COLOURS.get(case.status, ""),
        case.get_status_display(),
    )
    if case.is_open and case.closure_proposed_at:
        html += format_html(
            ' <strong class="govuk-tag govuk-tag--pink">{}</strong>', _("Closure proposed")
        )
    return html


@register.simple_tag
def priority_tag(case):
    if case.priority == Priority.NORMAL:
        return ""
    colour = "govuk-tag--red" if case.priority == Priority.URGENT else "govuk-tag--orange"
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', colour, case.get_priority_display()
    )


@register.filter
def outcome_label(value):
    return Outcome(value).label if value in Outcome.values else value


@register.filter
def changed_fields(names):
    """Field names of an edit in words: 'constituent.email' -> "constituent's email"."""
    from wardcase.cases.models import Case
    from wardcase.constituents.models import Constituent

    labels = []
    for name in names or []:
        model, _dot, field = name.rpartition(".")
        meta = (Constituent if model == "constituent" else Case)._meta
        try:
            label = str(meta.get_field(field).verbose_name)
        except Exception:  # noqa: BLE001 - a field since removed still shows by name
            label = field.replace("_", " ")
        labels.append(_("constituent's %(field)s") % {"field": label} if model else label)
    return ", ".join(labels)


def _long_date(day):
    return date_format(day, "j F Y")


def _due(label, due, done_at=None):
    """A deadline in words, with a class that colours it. The words alone carry the meaning."""
    if done_at:
        return format_html(
            '<span class="wc-deadline wc-deadline--met">{}</span>',
            _("Met on %(date)s") % {"date": _long_date(timezone.localdate(done_at))},
        )
    today = timezone.localdate()
    if due < today:
        modifier = "overdue"
        text = _("Overdue: %(label)s by %(date)s")
    elif due <= today + timedelta(days=DUE_SOON_DAYS):
        modifier = "due-soon"
        text = _("%(label)s by %(date)s")
    else:
        modifier = "on-track"
        text = _("%(label)s by %(date)s")
    return format_html(
        '<span class="wc-deadline wc-deadline--{}">{}</span>',
        modifier,
        text % {"label": label, "date": _long_date(due)},
    )


@register.simple_tag
def next_deadline(case):
    """The nearest charter date still to be met, overdue ones in red."""
    deadline = case.next_deadline
    if deadline is None:
        return format_html('<span class="govuk-visually-hidden">{}</span>', _("No deadline due"))
    label, due = deadline
    return _due(label, due)


@register.simple_tag
def deadline(label, due, done_at=None):
    """One charter date on the case page: met, overdue, due soon or on track."""
    if due is None:
        return _("Set when the case is assigned")
    return _due(label, due, done_at)


def _kind(widget):
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _plain_select(widget):
    """A select Django would render with its own templates: `select_html` writes the same."""
    return (
        isinstance(widget, forms.Select)
        and widget.template_name == forms.Select.template_name
        and widget.option_template_name == forms.Select.option_template_name
        and not widget.option_inherits_attrs
    )


WIDGET_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "input": "govuk-input",
}


def _items(field, hints):
    """Radio or checkbox items with GOV.UK ids: the first takes the field's id."""
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    items = []
    for index, (choice_value, label) in enumerate(field.field.choices):
        if choice_value in ("", None):
            continue
        key = str(choice_value)
        item_id = field.auto_id if not items else f"{field.auto_id}-{index + 1}"
        items.append(
            {
                "id": item_id,
                "value": key,
                "label": label,
                "checked": key in chosen,
                "hint": hints.get(key, ""),
            }
        )
    return items


@register.simple_tag
def govuk_field(field, label_size="", classes="", small=False, inline=False, hint=None):
    """Render a bound field as the GOV.UK component that fits its widget."""
    widget = field.field.widget
    kind = _kind(widget)
    if kind == "hidden":
        return str(field)
    hint = field.help_text if hint is None else hint
    described = []
    if hint:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    context = {
        "field": field,
        "id": field.auto_id,
        "hint": hint,
        "errors": field.errors,
        "label_size": label_size,
        "small": small,
        "inline": inline,
        "described_by": " ".join(described),
    }
    if kind in {"radios", "checkboxes"}:
        context["items"] = _items(field, getattr(field.field, "item_hints", {}))
    elif kind == "checkbox":
        context["checked"] = bool(field.value())
    else:
        css = [WIDGET_CLASSES[kind], widget.attrs.get("class", ""), classes]
        if field.errors:
            css.append(f"{WIDGET_CLASSES[kind]}--error")
        attrs = {"class": " ".join(c for c in css if c)}
        if described:
            attrs["aria-describedby"] = context["described_by"]
        context["widget"] = (
            select_html(field, attrs) if _plain_select(widget) else widget_html(field, attrs)
        )
        return _form_group_html(kind, context)
    return render_to_string(f"includes/fields/{kind}.html", context)


def _form_group_html(kind, context):
    """includes/fields/{input,select,textarea,file}.html written in Python: the label,
    hint and errors above the widget, the same markup (tests/cases/test_form_group.py
    holds them equal). Through the templates and their two includes a field took about
    0.15 ms; the search form shows eleven."""
    label_size = context["label_size"]
    field_id = context["id"]
    hint = context["hint"]
    errors = context["errors"]
    return format_html(
        '{}<div class="govuk-form-group{}">\n  <label class="govuk-label{}" for="{}">{}</label>'
        "\n\n  \n{}\n{}\n\n  {}\n</div>\n",
        "\n" if kind == "file" else "",  # the file template opens with a comment, then a line
        " govuk-form-group--error" if errors else "",
        format_html(" govuk-label--{}", label_size) if label_size else "",
        field_id,
        context["field"].label,
        format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field_id, hint)
        if hint
        else "",
        format_html_join(
            "",
            '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
            "{}</span> {}</p>",
            ((field_id, _("Error:"), error) for error in errors),
        ),
        context["widget"],
    )


@register.filter
def error_links(forms_list):
    """(anchor id, message) pairs for the error summary, in the order the fields appear."""
    if not isinstance(forms_list, list | tuple):
        forms_list = [forms_list]
    links = []
    for form in forms_list:
        if form is None or not form.is_bound:
            continue
        first = next((f for f in form.visible_fields()), None)
        for message in form.non_field_errors():
            links.append((first.auto_id if first else "main-content", message))
        for field in form:
            for message in field.errors:
                links.append((field.auto_id, message))
    return links


@register.filter
def reasons_in_words(reasons):
    """Why a possible duplicate matched, as one plain phrase ("same email and similar name")."""
    return matching.reasons_in_words(reasons)
