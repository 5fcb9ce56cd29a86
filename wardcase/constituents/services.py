"""Writes to constituents."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from localflavor.gb.forms import GBPostcodeField

from wardcase.constituents.models import Constituent, ContactPreference
from wardcase.core.errors import ServiceError
from wardcase.core.text import clean_long_text, clean_one_line

if TYPE_CHECKING:
    from wardcase.accounts.models import User


class ConstituentDetails(TypedDict, total=False):
    """A constituent's fields other than the name, as typed; each is cleaned on the way in."""

    address: str | None
    postcode: str | None
    email: str | None
    phone: str | None
    contact_preference: str


class NewConstituent(ConstituentDetails):
    """A new constituent's fields: the name is required."""

    name: str | None


class ConstituentChanges(ConstituentDetails, total=False):
    """The fields a correction may change: any of them, the name too."""

    name: str | None


def normalise_postcode(*, value: str | None) -> str:
    """A UK postcode in its standard spaced form ("SW1A 1AA"), or ServiceError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return str(GBPostcodeField().clean(value))
    except ValidationError as exc:
        raise ServiceError(
            _("Enter a real postcode, like SW1A 1AA"), field="constituent_postcode"
        ) from exc


def clean_constituent_fields(
    *,
    name: str | None,
    address: str | None = "",
    postcode: str | None = "",
    email: str | None = "",
    phone: str | None = "",
    contact_preference: str = "",
) -> dict[str, str]:
    """Validated, normalised constituent fields, or ServiceError naming the field. One-line
    fields are made one line, with hidden characters removed (`wardcase.core.text`).
    No contact preference given: it follows the details given (`contact_preference_for`)."""
    name = clean_one_line(name, field="constituent_name", label=_("The name"), max_length=200)
    if not name:
        raise ServiceError(_("Enter the constituent's name"), field="constituent_name")
    email = clean_one_line(
        email, field="constituent_email", label=_("The email address"), max_length=254
    )
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ServiceError(
                _("Enter an email address in the correct format, like name@example.com"),
                field="constituent_email",
            ) from exc
    phone = clean_one_line(
        phone, field="constituent_phone", label=_("The phone number"), max_length=30
    )
    address = clean_long_text(
        address, field="constituent_address", label=_("The address"), max_length=1000
    )
    if not contact_preference:
        contact_preference = contact_preference_for(email=email, phone=phone, address=address)
    if contact_preference not in ContactPreference.values:
        raise ServiceError(_("Choose how to contact them"), field="constituent_contact_preference")
    return {
        "name": name,
        "address": address,
        "postcode": normalise_postcode(value=postcode),
        "email": email,
        "phone": phone,
        "contact_preference": contact_preference,
    }


def contact_preference_for(*, email: str, phone: str, address: str) -> str:
    """How to reach someone who did not say: by the first of email, phone and letter that
    they gave details for, else not at all (never "email" for someone without one)."""
    if email:
        return ContactPreference.EMAIL
    if phone:
        return ContactPreference.PHONE
    if address:
        return ContactPreference.LETTER
    return ContactPreference.NONE


def constituent_create(*, by: User, **fields: Unpack[NewConstituent]) -> Constituent:
    """Record a constituent; only the name is required."""
    return Constituent.objects.create(**clean_constituent_fields(**fields), created_by=by)


def constituent_update(
    *, constituent: Constituent, **fields: Unpack[ConstituentChanges]
) -> list[str]:
    """Correct a constituent's details. Returns the names of the fields that changed."""
    merged: ConstituentChanges = {**_all_fields(constituent), **fields}
    cleaned = clean_constituent_fields(**merged)
    changed = [key for key in fields if cleaned[key] != getattr(constituent, key)]
    for key in changed:
        setattr(constituent, key, cleaned[key])
    if changed:
        constituent.save(update_fields=[*changed, "modified_at"])
    return changed


def _all_fields(constituent: Constituent) -> ConstituentChanges:
    return {
        "name": constituent.name,
        "address": constituent.address,
        "postcode": constituent.postcode,
        "email": constituent.email,
        "phone": constituent.phone,
        "contact_preference": constituent.contact_preference,
    }
