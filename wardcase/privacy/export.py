"""Exports of personal data as a ZIP: `data.json`, a readable `report.pdf` and the files.

One builder serves a subject access request (everything on one constituent) and a departing
councillor's casework (everything they own). Internal notes are included in a subject access
export and marked as such: the ICO's guidance is that they are normally disclosable unless
an exemption applies, so the person answering the request reviews them before sending.
"""

import io
import json
import logging
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename

from wardcase.cases.choices import Visibility
from wardcase.cases.models import Attachment, CaseEvent
from wardcase.cases.uploads import download_name

PDF_CSS = """
@page { size: A4; margin: 18mm; @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #0b0c0c; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 18pt; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #b1b4b6; padding: 3pt; }
th { width: 30%; }
.entry { border-left: 3px solid #b1b4b6; padding-left: 6pt; margin-bottom: 6pt; }
.internal { border-left-color: #d4351c; }
.body { white-space: pre-wrap; }
"""


def _person(constituent):
    return {
        "name": constituent.name,
        "address": constituent.address,
        "postcode": constituent.postcode,
        "email": constituent.email,
        "phone": constituent.phone,
        "contact_preference": constituent.get_contact_preference_display(),
        "recorded_at": constituent.created_at.isoformat(),
    }


def _name(user):
    return str(user) if user else ""


def _iso(moment):
    return moment.isoformat() if moment else None


def _case(case, events, files):
    return {
        "reference": case.reference,
        "subject": case.subject,
        "description": case.description,
        "case_type": case.get_case_type_display(),
        "service": str(case.service),
        "channel": case.get_channel_display(),
        "enquirer_type": case.get_enquirer_type_display(),
        "councillor": _name(case.owner),
        "ward": str(case.ward or ""),
        "location": case.location,
        "department": str(case.department or ""),
        "lead_officer": _name(case.lead_officer),
        "status": case.get_status_display(),
        "outcome": case.get_outcome_display(),
        "consent_share_ward": case.consent_share_ward,
        "consent_share_officers": case.consent_share_officers,
        "restricted": case.restricted,
        "created_at": _iso(case.created_at),
        "acknowledged_at": _iso(case.acknowledged_at),
        "responded_at": _iso(case.responded_at),
        "closed_at": _iso(case.closed_at),
        "constituent": _person(case.constituent) if case.constituent else None,  # own query
        "timeline": [
            {
                "at": _iso(event.created_at),
                "kind": event.get_kind_display(),
                "author": _name(event.author),
                "internal": event.visibility == Visibility.INTERNAL,
                "text": event.body,
            }
            for event in events
        ],
        "attachments": [{"name": name, **meta} for name, meta, _file in files],
    }


def _case_files(case, attachments, include_internal):
    """(path in the ZIP, metadata, attachment) for each file that still exists."""
    files = []
    for number, attachment in enumerate(attachments, start=1):
        if not attachment.file:
            continue
        if not include_internal and attachment.wc_internal:
            continue
        named = download_name(attachment.original_name, attachment.content_type)
        safe = get_valid_filename(named) or "file"
        path = f"attachments/{case.reference}/{number:03d}-{safe}"
        meta = {
            "original_name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "added_at": _iso(attachment.created_at),
        }
        files.append((path, meta, attachment))
    return files


def build_export(*, title, cases, include_internal, person=None):
    """The ZIP's bytes for these cases. Queries: cases, events, attachments (constant)."""
    cases = list(
        cases.select_related(
            "owner", "service", "ward", "department", "lead_officer", "constituent"
        ).order_by("created_at", "pk")
    )
    events = CaseEvent.objects.filter(case__in=cases).select_related("author")
    if not include_internal:
        events = events.exclude(visibility=Visibility.INTERNAL)
    by_case = {case.pk: ([], []) for case in cases}
    for event in events.order_by("created_at", "id"):
        by_case[event.case_id][0].append(event)
    for attachment in Attachment.objects.filter(case__in=cases).select_related("event"):
        attachment.wc_internal = bool(
            attachment.event_id and attachment.event.visibility == Visibility.INTERNAL
        )
        by_case[attachment.case_id][1].append(attachment)
    payload = {
        "title": title,
        "generated_at": timezone.now().isoformat(),
        "internal_notes_included": include_internal,
        "person": _person(person) if person else None,
        "cases": [],
    }
    all_files = []
    for case in cases:
        events_of_case, attachments = by_case[case.pk]
        files = _case_files(case, attachments, include_internal)
        all_files.extend(files)
        payload["cases"].append(_case(case, events_of_case, files))
    return _zip(payload, all_files)


def render_pdf(payload):
    """A readable report of the export, made with WeasyPrint."""
    import weasyprint  # imported here: loading pango takes a moment and only exports need it

    # WeasyPrint reports each layout step at INFO; an export is audited, not logged step by step.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    html = render_to_string("privacy/export_report.html", {"export": payload})
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=PDF_CSS)])


def _zip(payload, files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, indent=2, ensure_ascii=False))
        archive.writestr("report.pdf", render_pdf(payload))
        for path, _meta, attachment in files:
            with attachment.file.open("rb") as handle:
                archive.writestr(path, handle.read())
    return buffer.getvalue()
