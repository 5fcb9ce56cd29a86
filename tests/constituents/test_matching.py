"""Matching a constituent's details: pure helpers, tested by table."""

import pytest

from tests import factories
from wardcase.constituents.matching import (
    normalise_name,
    normalise_phone,
    person_match,
    person_prefilter_q,
    postcode_sector,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 7700 900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("07700-900-123", "07700900123"),
        ("(01632) 960 001", "01632960001"),
        ("", ""),
    ],
)
def test_phone_numbers_are_compared_as_digits(raw, expected):
    """UK numbers written any way compare equal."""
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("te1 1st", "TE1 1"), ("SW1A1AA", "SW1A 1"), ("", ""), ("not a postcode", "")],
)
def test_postcode_sector(raw, expected):
    """The sector is the outward code and the first digit of the inward code."""
    assert postcode_sector(raw) == expected


def test_titles_and_punctuation_do_not_matter_in_names():
    """ "Mrs. Ada Resident" and "ada resident" are the same name."""
    assert normalise_name("Mrs. Ada Resident") == normalise_name("ada resident")


def test_nothing_to_go_on_gives_no_prefilter():
    """Empty details do not turn into a query of every case."""
    assert person_prefilter_q() is None


@pytest.mark.django_db
def test_person_match_scores_and_explains():
    """Same email and similar name score high, with reasons; a stranger scores low."""
    person = factories.ConstituentFactory(
        name="Ada Resident", email="ada@example.org", postcode="TE1 1ST", phone="07700 900123"
    )
    score, reasons = person_match(
        details={"name": "Ada Residant", "email": "ADA@example.org", "phone": "+447700900123"},
        constituent=person,
    )
    assert score == 100
    assert "same email address" in reasons and "same phone number" in reasons
    assert "similar name" in reasons or "same name" in reasons
    score, reasons = person_match(details={"name": "Zed Other"}, constituent=person)
    assert score == 0 and reasons == []
