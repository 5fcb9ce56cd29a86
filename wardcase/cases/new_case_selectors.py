"""Reads for the new-case page: people the user may link a new case to, as they type, and
the services to search, the user's recent ones first.

A repeat caller should be chosen, not typed again: as a name, email, phone number or
postcode is typed, the people on cases the user may see with their contact details
(`usable_constituents_q`) who match it are offered, each with why it matched in plain
words. SQL narrows to a few candidates; `constituents.matching` explains them.

A name is read through a bounded list: the NAME_LIMIT newest people whose names hold every
word typed, whoever may use them. A common surname alone ("Smith", 15% of the people in
the generated data) matched over 120,000 people at a million cases, every one read and
sorted to offer five; past NAME_LIMIT namesakes the oldest wait for a first name. An
email, phone number or postcode is never bounded so: a person typed with one of those is
offered however common their name.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wardcase.cases.models import Case
from wardcase.constituents.matching import (
    normalise_name,
    normalise_phone,
    person_match,
    phone_digits,
    reasons_in_words,
    safe_postcode,
)
from wardcase.constituents.models import Constituent
from wardcase.directory.models import Service
from wardcase.permissions.visibility import usable_constituents_q, visible_cases_q

PREFILTER_LIMIT = 50
NAME_LIMIT = 300
NAME_WORD_MIN = 2
EMAIL_MIN = 4
PHONE_DIGITS_MIN = 6
POSTCODE_MIN = 3


@dataclass
class PersonMatch:
    """A person the user may link the new case to, why they were offered, and how many of
    their cases the user may see."""

    constituent: Constituent
    why: str
    score: int
    cases: int


def people_matching(*, user, name="", email="", phone="", postcode="", limit=5):
    """The people the user may use who match what has been typed so far, best first."""
    details = {"name": name, "email": email, "phone": phone, "postcode": postcode}
    prefilter = _typed_q(**details)
    if prefilter is None:
        return []
    rows = list(
        Constituent.objects.filter(usable_constituents_q(user))
        .annotate(phone_digits=phone_digits())
        .filter(prefilter)
        .order_by("-modified_at")[:PREFILTER_LIMIT]
    )
    counts = dict(
        Case.objects.filter(visible_cases_q(user), constituent__in=rows)
        .values_list("constituent_id")
        .annotate(n=Count("pk"))
    )
    found = []
    for person in rows:
        score, reasons = person_match(details=details, constituent=person)
        reasons = reasons + _partial_reasons(details, person, reasons)
        found.append(
            PersonMatch(person, reasons_in_words(reasons), score, counts.get(person.pk, 0))
        )
    found.sort(key=lambda match: (-match.score, match.constituent.name))
    return found[:limit]


def _typed_q(*, name, email, phone, postcode):
    """A filter from what has been typed so far; None while there is too little."""
    q = Q()
    words = [w for w in normalise_name(name).split() if len(w) >= NAME_WORD_MIN]
    if words:
        q |= Q(pk__in=_named(words))
    email = (email or "").strip()
    if len(email) >= EMAIL_MIN:
        q |= Q(email__istartswith=email)
    digits = normalise_phone(phone)
    if len(digits) >= PHONE_DIGITS_MIN:
        q |= Q(phone_digits__startswith=digits)
        if digits.startswith("0"):  # stored as +44 7700 ...
            q |= Q(phone_digits__startswith="+44" + digits[1:])
    typed_postcode = safe_postcode(postcode) or (postcode or "").strip().upper()
    if len(typed_postcode) >= POSTCODE_MIN:
        q |= Q(postcode__startswith=typed_postcode)
    return q or None


def _named(words):
    """Ids of the NAME_LIMIT newest people whose names hold every word, as a list: a
    subquery inside the OR of details would make PostgreSQL test it on every person."""
    by_name = Q(anonymised_at__isnull=True)
    for word in words:
        by_name &= Q(name__icontains=word)
    newest = Constituent.objects.filter(by_name).order_by("-pk")
    return list(newest.values_list("pk", flat=True)[:NAME_LIMIT])


def _partial_reasons(details, person, full):
    """Why half-typed details matched, for each detail that did not match in full."""
    reasons = []
    typed_name = normalise_name(details["name"]).split()
    named = _("same name") in full or _("similar name") in full
    if typed_name and not named and all(w in normalise_name(person.name) for w in typed_name):
        reasons.append(_("name matches so far"))
    email = (details["email"] or "").strip().lower()
    if email and email != person.email.lower() and person.email.lower().startswith(email):
        reasons.append(_("email matches so far"))
    postcode = (details["postcode"] or "").strip().upper()
    if postcode and postcode != person.postcode and person.postcode.startswith(postcode):
        reasons.append(_("postcode matches so far"))
    digits, theirs = normalise_phone(details["phone"]), normalise_phone(person.phone)
    if digits and digits != theirs and theirs.startswith(digits):
        reasons.append(_("phone number matches so far"))
    return reasons


RECENT_SERVICES = 5


def services_for_new_case(*, user):
    """Every active service for the service search, with its department and other words,
    the services of the user's own recent cases first (`recent` 1, 2, ... else None)."""
    recent_ids = []
    rows = (
        Case.objects.filter(Q(created_by=user) | Q(owner=user))
        .order_by("-created_at")
        .values_list("service_id", flat=True)[:50]
    )
    for service_id in rows:
        if service_id not in recent_ids:
            recent_ids.append(service_id)
        if len(recent_ids) == RECENT_SERVICES:
            break
    services = Service.objects.filter(active=True, department__active=True).select_related(
        "department"
    )
    return [
        {
            "id": s.pk,
            "name": s.name,
            "department": s.department.name,
            "aliases": s.aliases,
            "recent": recent_ids.index(s.pk) + 1 if s.pk in recent_ids else None,
        }
        for s in services
    ]
