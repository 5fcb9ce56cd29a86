"""Merge fields and rendering of Word letters with docxtpl. No database writes here.

A template uses Jinja syntax in Word, e.g. `{{ constituent.name }}`. Only the fields
below exist; a template naming any other is refused on upload with the field's name,
so a typing slip is caught by the administrator and not in a councillor's letter.
"""

import io
import zipfile

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate, Listing
from jinja2 import Environment, StrictUndefined, TemplateError, UndefinedError

# (field, what it holds): shown to administrators on the template admin page.
MERGE_FIELDS = [
    ("constituent.name", "The constituent's name"),
    ("constituent.address", "Their address, one line per line"),
    ("constituent.postcode", "Their postcode"),
    ("constituent.email", "Their email address"),
    ("councillor.name", "The councillor who owns the case"),
    ("councillor.ward", "The councillor's ward"),
    ("case.reference", "The case reference, e.g. WC-2026-000123"),
    ("case.subject", "The case's subject"),
    ("case.description", "The case's description"),
    ("case.service", "The council service it is about"),
    ("case.department", "The department dealing with it"),
    ("case.logged", "The date the case was logged"),
    ("case.response_due", "The date a full response is due"),
    ("case.closed", "The date the case was closed (blank if open)"),
    ("response.text", "The latest officer update or full response (blank if none)"),
    ("response.officer", "Who wrote it"),
    ("response.date", "When"),
    ("council.name", "The council's name"),
    ("today", "Today's date"),
]


class BadTemplate(ValueError):
    """The file is not a .docx docxtpl can fill with the known merge fields."""


def _date(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return date_format(value, "j F Y")


def _lines(text):
    # Listing keeps the text's line breaks as line breaks in Word, and escapes it.
    return Listing(text or "")


def build_context(*, case, constituent, councillor, ward, council, response, today):
    """The merge context for one letter, from plain values (see letters.services)."""
    return {
        "constituent": {
            "name": constituent.name,
            "address": _lines(constituent.address),
            "postcode": constituent.postcode,
            "email": constituent.email,
        },
        "councillor": {"name": councillor.name, "ward": ward.name if ward else ""},
        "case": {
            "reference": case.reference,
            "subject": case.subject,
            "description": _lines(case.description),
            "service": str(case.service) if case.service_id else "",
            "department": str(case.department) if case.department_id else "",
            "logged": _date(case.created_at),
            "response_due": _date(case.response_due),
            "closed": _date(case.closed_at),
        },
        "response": {
            "text": _lines(response.body if response else ""),
            "officer": str(response.author) if response and response.author_id else "",
            "date": _date(response.created_at) if response else "",
        },
        "council": {"name": council.name if council else ""},
        "today": _date(today),
    }


def sample_context():
    """Every merge field filled with an example, to check a template before it is used."""
    context = {}
    for path, _description in MERGE_FIELDS:
        head, _dot, tail = path.partition(".")
        if tail:
            context.setdefault(head, {})[tail] = f"[{path}]"
        else:
            context[head] = f"[{path}]"
    return context


def render(source, context, *, strict=False):
    """Render a .docx (bytes) with `context`; returns the filled .docx as bytes."""
    try:
        template = DocxTemplate(io.BytesIO(source))
        environment = Environment(undefined=StrictUndefined, autoescape=True) if strict else None
        template.render(context, jinja_env=environment, autoescape=True)
    except zipfile.BadZipFile as exc:
        raise BadTemplate(_("The file is not a Word .docx document.")) from exc
    except KeyError as exc:
        raise BadTemplate(_("The file is not a Word .docx document.")) from exc
    except UndefinedError as exc:
        raise BadTemplate(
            _(
                "The template uses a merge field Wardcase does not know (%(error)s). Use only the "
                "merge fields listed on this page."
            )
            % {"error": exc}
        ) from exc
    except TemplateError as exc:
        raise BadTemplate(
            _("The template's merge fields could not be read: %(error)s") % {"error": exc}
        ) from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def check_template(source):
    """Raise BadTemplate unless `source` renders with the known merge fields only."""
    if not source.startswith(b"PK"):
        raise BadTemplate(_("The file is not a Word .docx document."))
    render(source, sample_context(), strict=True)
