"""Is this the same person? Pure helpers that compare a constituent's details.

Callers prefilter candidates in SQL (same email, postcode or phone ending) and score only
that small set here with rapidfuzz, so the cost does not grow with the database.
"""

import re

from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.db.models.lookups import EndsWith
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from wardcase.constituents.services import normalise_postcode
from wardcase.core.errors import ServiceError

NAME_MIN_RATIO = 85
MATCH_MIN_SCORE = 50
# What people write between the digits of a phone number, dropped in SQL by
# `phone_digits` (an index on PostgreSQL, constituents' migration 0004, is built on it).
PHONE_SEPARATORS = (" ", "-", ".", "(", ")")


def normalise_phone(value):
    """Digits only, a +44 or 0044 prefix read as the leading 0: "+44 7700 900123" ->
    "07700900123"."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def safe_postcode(value):
    """The standard form of a postcode, or "" if it is not one (a half-typed form field)."""
    try:
        return normalise_postcode(value=value)
    except ServiceError:
        return ""


def postcode_sector(postcode):
    """The sector of a standard postcode: "TE1 1ST" -> "TE1 1"; "" if there is none."""
    postcode = safe_postcode(postcode)
    return postcode[:-2] if postcode else ""


def normalise_name(value):
    """Lower case, no titles or punctuation, so "Mrs. Ada Resident" meets "ada resident"."""
    words = re.sub(r"[^\w\s'-]", " ", (value or "").lower()).split()
    return " ".join(w for w in words if w not in {"mr", "mrs", "ms", "miss", "dr", "mx"})


def phone_digits(field="phone"):
    """SQL for a stored phone number without its separators: "07700 900-123" ->
    "07700900123" ("+44" kept). Indexed on PostgreSQL as it is written here."""
    expression = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def person_prefilter_q(*, postcode="", email="", phone="", prefix="constituent__"):
    """A SQL filter that finds every possible match cheaply; None if nothing to go on.

    Only what can reach MATCH_MIN_SCORE is asked for: the same email (60), phone (50) or
    postcode (25, with a similar name 59 or more). A name alone scores at most 40, so it
    is never a candidate by itself: asked for in SQL, a common surname read 4% of the
    people at a million cases only for rapidfuzz to drop every one.
    """
    q = Q()
    email = (email or "").strip()
    if email:
        q |= Q(**{f"{prefix}email__iexact": email})
    postcode = safe_postcode(postcode)
    if postcode:
        q |= Q(**{f"{prefix}postcode": postcode})
    digits = normalise_phone(phone)
    if len(digits) >= 6:
        # The stored number's digits end as the typed one's, whatever separators either
        # has (normalising changes only the +44 or 0044 at the front).
        q |= Q(EndsWith(phone_digits(f"{prefix}phone"), digits[-4:]))
    return q or None


def person_match(*, details, constituent):
    """(score 0-100, reasons) for how likely `constituent` is the person in `details`."""
    return person_matcher(details)(constituent)


def person_matcher(details):
    """`person_match` for many people against the same details: the typed details are
    normalised once, not once per person scored (a case page scores up to 200)."""
    email = (details.get("email") or "").strip().lower()
    phone = normalise_phone(details.get("phone"))
    phone = phone if len(phone) >= 6 else ""
    postcode = safe_postcode(details.get("postcode"))
    name = normalise_name(details.get("name"))

    # Translated once for every person scored.
    said = {
        "email": _("same email address"),
        "phone": _("same phone number"),
        "postcode": _("same postcode"),
        "name": _("same name"),
        "similar": _("similar name"),
    }

    def match(constituent):
        score, reasons = 0, []
        if email and email == (constituent.email or "").lower():
            score += 60
            reasons.append(said["email"])
        if phone and phone == normalise_phone(constituent.phone):
            score += 50
            reasons.append(said["phone"])
        if postcode and postcode == constituent.postcode:
            score += 25
            reasons.append(said["postcode"])
        if name:
            ratio = round(fuzz.token_sort_ratio(name, normalise_name(constituent.name)))
            if ratio >= NAME_MIN_RATIO:
                score += round(ratio * 0.4)
                reasons.append(said["name"] if ratio == 100 else said["similar"])
        return min(score, 100), reasons

    return match


def reasons_in_words(reasons):
    """Reasons as one plain phrase: "same postcode and similar name"."""
    reasons = [str(r) for r in reasons]
    if len(reasons) <= 1:
        return "".join(reasons)
    return _("%(some)s and %(last)s") % {"some": ", ".join(reasons[:-1]), "last": reasons[-1]}
