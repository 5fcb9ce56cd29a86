"""Removing personal data from cases and constituents, set-based.

Used by the retention sweep and by erasure, so both remove exactly the same things. What
survives is what the statistics need: dates, service, department, ward, status, outcome,
owner and officers, and the constituent's postcode sector (for hot spots).
"""

from collections.abc import Iterable
from datetime import datetime
from typing import TypedDict

from django.db.models import Case as SqlCase
from django.db.models import CharField, Exists, OuterRef, Value, When
from django.db.models.functions import Left, StrIndex
from django.utils.translation import gettext as _

from wardcase.cases.choices import EventKind
from wardcase.cases.models import Attachment, Case, CaseEvent
from wardcase.constituents.models import Constituent, ContactPreference
from wardcase.mail.models import OutboxMessage
from wardcase.privacy.models import AnonymisedCase, SubjectAccessRequest
from wardcase.search.indexing import index_cases

MARKER = "[anonymised]"


class CaseCounts(TypedDict):
    """How many of each thing anonymising cases changed."""

    cases: int
    events: int
    attachments: int
    messages: int


class AnonymisedCounts(CaseCounts):
    """The same, and how many constituents were left with no personal data."""

    constituents: int


# Timeline entries whose structured data can hold old free text (edits keep old values).
KINDS_WITH_PERSONAL_DATA = [
    EventKind.EDITED,
    EventKind.CLOSED,
    EventKind.REOPENED,
    EventKind.EMAIL_IN,
    EventKind.EMAIL_OUT,
    EventKind.LETTER,
]


def postcode_sector(postcode):
    """ "TE1 1ST" -> "TE1 1": enough for hot spots, too coarse to find a household."""
    outward, _space, inward = (postcode or "").partition(" ")
    return f"{outward} {inward[:1]}".strip() if outward else ""


def anonymise_cases(*, case_ids: Iterable[int], at: datetime, reason: str) -> CaseCounts:
    """Remove the personal data of these cases; returns counts of what was touched.

    Every change is a bulk UPDATE over a queryset; only the attachment files are deleted one
    by one, because storage has no bulk delete. Cases already anonymised are skipped, so
    running it twice changes nothing the second time.
    """
    already = AnonymisedCase.objects.filter(case_id=OuterRef("pk"))
    cases = Case.objects.filter(pk__in=case_ids).exclude(Exists(already))
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        return {"cases": 0, "events": 0, "attachments": 0, "messages": 0}
    Case.objects.filter(pk__in=ids).update(subject=MARKER, description=MARKER, location="")
    events = CaseEvent.objects.filter(case_id__in=ids)
    event_count = events.exclude(body="").update(body=MARKER)
    events.filter(kind__in=KINDS_WITH_PERSONAL_DATA).update(data={})
    attachment_count = _remove_attachment_files(ids)
    message_count = OutboxMessage.objects.filter(case_id__in=ids).update(body=MARKER)
    AnonymisedCase.objects.bulk_create(
        [AnonymisedCase(case_id=pk, anonymised_at=at, reason=reason) for pk in ids]
    )
    return {
        "cases": len(ids),
        "events": event_count,
        "attachments": attachment_count,
        "messages": message_count,
    }


def _remove_attachment_files(case_ids):
    """Delete the files; the rows stay (other records may point at them) but name nothing."""
    attachments = Attachment.objects.filter(case_id__in=case_ids).exclude(file="")
    for attachment in attachments.only("pk", "file"):
        attachment.file.delete(save=False)
    return Attachment.objects.filter(case_id__in=case_ids).update(
        file="", original_name=_("removed file"), size=0
    )


def constituents_fully_anonymised(constituent_ids):
    """Of these constituents, those with no case left that still holds personal data."""
    not_anonymised = Case.objects.filter(constituent_id=OuterRef("pk")).exclude(
        Exists(AnonymisedCase.objects.filter(case_id=OuterRef("pk")))
    )
    return Constituent.objects.filter(pk__in=constituent_ids).exclude(Exists(not_anonymised))


def postcode_sector_sql():
    """postcode_sector() as SQL, so one UPDATE keeps every constituent's sector."""
    return SqlCase(
        When(
            postcode__contains=" ",
            then=Left("postcode", StrIndex("postcode", Value(" ")) + 1),
        ),
        default=Value(""),
        output_field=CharField(),
    )


def anonymise_constituents(*, constituents, at):
    """Replace these constituents' details with a marker, keeping the postcode sector.

    Notes on their subject access requests go too; the requests' dates stay as the record
    that the council answered them."""
    constituents = constituents.filter(anonymised_at__isnull=True)
    SubjectAccessRequest.objects.filter(constituent__in=constituents).exclude(notes="").update(
        notes=""
    )
    return constituents.update(
        name=_("Anonymised constituent"),
        address="",
        postcode=postcode_sector_sql(),
        email="",
        phone="",
        contact_preference=ContactPreference.NONE,
        anonymised_at=at,
    )


def anonymise_cases_and_people(
    *, case_ids: Iterable[int], at: datetime, reason: str
) -> AnonymisedCounts:
    """Anonymise the cases, then each of their constituents with no personal data left."""
    case_ids = list(case_ids)
    counts = anonymise_cases(case_ids=case_ids, at=at, reason=reason)
    constituent_ids = Case.objects.filter(pk__in=case_ids).values("constituent_id")
    constituents: int = anonymise_constituents(
        constituents=constituents_fully_anonymised(constituent_ids), at=at
    )
    index_cases(case_ids=case_ids)  # bulk updates send no signal: removed text leaves search
    return {**counts, "constituents": constituents}
