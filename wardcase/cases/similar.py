"""Possible duplicates of a case: the same person before, and the same issue in the ward.

Every query is bounded: SQL narrows to a small set (same service, ward or postcode sector,
a recent window; or the same email, postcode or phone), then rapidfuzz scores it.
Only cases the viewer may see are shown in full; a ward colleague's case the viewer may
not open shows only that it exists, and only where its constituent consented.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from wardcase.cases.choices import OPEN_STATUSES
from wardcase.cases.links import linked_case_ids
from wardcase.cases.models import Case
from wardcase.constituents.matching import (
    MATCH_MIN_SCORE,
    person_matcher,
    person_prefilter_q,
    postcode_sector,
)
from wardcase.constituents.models import Constituent
from wardcase.permissions.visibility import visible_cases_q

PREFILTER_LIMIT = 200
WORDS_MIN_RATIO = 55
STREET_MIN_RATIO = 90
SAME_PERSON = "same_constituent"
SAME_ISSUE = "same_issue"
WARD_COLLEAGUE = "ward_colleague"


@dataclass
class Candidate:
    """One possible duplicate. `case` is None when the viewer may not open it."""

    kind: str
    score: int
    reasons: list = field(default_factory=list)
    case: Case | None = None
    linked: bool = False

    @property
    def reference(self):
        return self.case.reference if self.case else None

    @property
    def subject(self):
        return self.case.subject if self.case else None


def window_days():
    return settings.WARDCASE_DUPLICATE_WINDOW_DAYS


def earlier_cases_of_person(*, user, details, exclude=None, limit=10):
    """Cases the user may see that look like the same constituent, best first."""
    # The name is only scored: alone it cannot reach MATCH_MIN_SCORE (person_prefilter_q).
    person = person_prefilter_q(**{k: details.get(k, "") for k in PREFILTER_KEYS}, prefix="")
    if exclude is not None and exclude.constituent_id is not None:
        person = (person or Q(pk__in=[])) | Q(pk=exclude.constituent_id)
    if person is None:
        return []
    # The people first, through their own indexes (email, postcode, phone digits), then their
    # cases: joined the other way, PostgreSQL read every constituent to test each against
    # the user's visible cases (850,000 rows, 0.19 s, at a million cases).
    people = Constituent.objects.filter(person).values("pk")
    rows = (
        Case.objects.filter(visible_cases_q(user))
        .filter(constituent__in=people)
        .select_related("constituent")
        # Only what scoring and the answer read: up to PREFILTER_LIMIT whole cases and
        # their owners cost more to build than the query took (77 cases, 5 ms, at 1M).
        .only(*PERSON_FIELDS)
        .order_by("-created_at")
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    linked = linked_case_ids(exclude) if exclude is not None else set()
    match = person_matcher(details)
    found = []
    for case in rows[:PREFILTER_LIMIT]:
        if case.constituent is None:
            continue  # an own query has no person to be the same as
        score, reasons = match(case.constituent)
        if exclude is not None and case.constituent_id == exclude.constituent_id:
            score, reasons = 100, [_("same constituent record")]
        if score >= MATCH_MIN_SCORE:
            found.append(Candidate(SAME_PERSON, score, reasons, case, case.pk in linked))
    return sorted(found, key=lambda c: -c.score)[:limit]


PERSON_KEYS = ("name", "postcode", "email", "phone")
PREFILTER_KEYS = ("postcode", "email", "phone")
PERSON_FIELDS = (
    "id",
    "reference",
    "subject",
    "created_at",
    *(f"constituent__{key}" for key in ("id", *PERSON_KEYS)),
)


def same_issue_cases(
    *, user, service, ward, postcode="", location="", text="", exclude=None, limit=10
):
    """Open, recent cases on the same service around the same place with similar words.

    Cases the user may see come in full; others only as "a ward colleague has a similar
    case", and only where that case's constituent consented to ward sharing.
    """
    if service is None:
        return []
    sector = postcode_sector(postcode)
    places = [Q(ward=ward)] if ward is not None else []
    if sector:
        # The sector's people as a hashed list of ids: joined, PostgreSQL read the person
        # of every open case of the service in the window to test its postcode (4,609
        # people, 18,000 buffers at a million cases for a busy service).
        in_sector = Constituent.objects.filter(postcode__startswith=sector).values("pk")
        places.append(Q(constituent__in=in_sector))
    if not places:
        return []
    place = places[0] if len(places) == 1 else places[0] | places[1]
    since = timezone.now() - timedelta(days=window_days())
    # First the ids, from `case_service_open_cover_idx` alone: it holds the ward and the
    # person of each open case of the service, newest first, so PostgreSQL walks the
    # window in the index and stops at PREFILTER_LIMIT without reading a case row (a busy
    # service at a million cases: 4,614 rows in the window, 4,777 -> 897 buffers).
    near = Case.objects.filter(
        place, service=service, created_at__gte=since, status__in=OPEN_STATUSES
    )
    if exclude is not None:
        near = near.exclude(pk=exclude.pk)
        if exclude.constituent_id is not None:
            near = near.exclude(constituent_id=exclude.constituent_id)
    ids = near.order_by("-created_at").values("pk")[:PREFILTER_LIMIT]
    # Then the few rows, with whether the viewer may see each, in the same query.
    rows = (
        Case.objects.filter(pk__in=ids)
        .select_related("constituent")
        .only(*ISSUE_FIELDS)
        .annotate(
            wc_visible=models.Case(
                When(visible_cases_q(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-created_at")
    )
    rows = list(rows)
    visible = {r.pk for r in rows if r.wc_visible}
    linked = linked_case_ids(exclude) if exclude is not None else set()
    scored = []
    text, location = text.lower(), (location or "").lower()
    for case in rows:
        if case.pk not in visible and not (case.consent_share_ward and not case.restricted):
            continue  # nothing at all of a case the viewer may not see without consent
        facts = _issue_facts(case, sector=sector, location=location, text=text)
        if facts is not None:
            scored.append((facts, case))
    scored.sort(key=lambda pair: -pair[0]["score"])
    # Words are explained only for the few shown, so a full ward costs no translation work.
    return [_explain(facts, case, visible, linked) for facts, case in scored[:limit]]


# What scoring needs: the description only for words, the rest for the answer.
ISSUE_FIELDS = (
    "id",
    "reference",
    "subject",
    "description",
    "location",
    "consent_share_ward",
    "restricted",
    "constituent__postcode",
)


def _issue_facts(case, *, sector, location, text):
    words = round(fuzz.token_set_ratio(text, f"{case.subject} {case.description}".lower()))
    if words < WORDS_MIN_RATIO:
        return None
    # Stored postcodes are already in the standard form, so the sector is a slice.
    postcode = case.constituent.postcode if case.constituent else ""
    same_sector = bool(sector) and postcode[:-2] == sector
    same_place = bool(location and case.location) and (
        fuzz.token_set_ratio(location, case.location.lower()) >= STREET_MIN_RATIO
    )
    score = round(words * 0.6) + 20 * same_sector + 20 * same_place
    return {"score": min(score, 100), "words": words, "sector": same_sector, "place": same_place}


def _explain(facts, case, visible, linked):
    reasons = [_("same service"), _("similar words")]
    if facts["sector"]:
        reasons.append(_("same postcode sector"))
    if facts["place"]:
        reasons.append(_("same street or place"))
    if case.pk in visible:
        return Candidate(SAME_ISSUE, facts["score"], reasons, case, case.pk in linked)
    return Candidate(
        WARD_COLLEAGUE, facts["score"], [_("a ward colleague has a similar case"), *reasons]
    )


def similar_to_case(*, user, case):
    """Every candidate for an existing case: the same person before, then the same issue."""
    person = []
    if case.constituent is not None:  # an own query has no constituent to have seen before
        person = earlier_cases_of_person(user=user, details=_person_details(case), exclude=case)
    issue = same_issue_cases(
        user=user,
        service=case.service,
        ward=case.ward,
        postcode=case.constituent.postcode if case.constituent else "",
        location=case.location,
        text=f"{case.subject} {case.description}",
        exclude=case,
    )
    seen = {c.case.pk for c in person}
    return person + [c for c in issue if c.case is None or c.case.pk not in seen]


def _person_details(case):
    person = case.constituent
    return {key: getattr(person, key) for key in PERSON_KEYS}
