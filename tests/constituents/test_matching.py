"""Matching a constituent's details: pure helpers, tested by table."""

import pytest
from django.db import connection

from tests import factories
from wardcase.constituents.matching import (
    MATCH_MIN_SCORE,
    normalise_name,
    normalise_phone,
    person_match,
    person_prefilter_q,
    postcode_sector,
)
from wardcase.constituents.models import Constituent


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


def test_a_name_alone_cannot_make_a_match():
    """The prefilter asks SQL for no name because a name alone never reaches the
    threshold: the same name in full scores below MATCH_MIN_SCORE, and with the same
    postcode above it."""
    person = Constituent(name="Ada Resident", postcode="TE1 1ST")
    alone, _ = person_match(details={"name": "Mrs Ada Resident"}, constituent=person)
    assert alone < MATCH_MIN_SCORE
    with_postcode, _ = person_match(
        details={"name": "Ada Resident", "postcode": "te1 1st"}, constituent=person
    )
    assert with_postcode >= MATCH_MIN_SCORE
    assert person_prefilter_q(postcode="", email="", phone="") is None


@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["07700 900 123", "(07700) 900-123", "07700.900.123"])
def test_the_same_phone_written_another_way_is_a_candidate(stored):
    """However the number was written, the same digits are a candidate; other endings
    are not."""
    person = factories.ConstituentFactory(name="Ada Resident", phone=stored)
    factories.ConstituentFactory(name="Bo Other", phone="07700 900124")
    found = Constituent.objects.filter(person_prefilter_q(phone="+44 7700 900123", prefix=""))
    assert list(found) == [person]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_phone_prefilter_is_read_through_its_index():
    """The index of migration 0004 is on the SQL `phone_digits` writes: change one and
    not the other and PostgreSQL reads every person again."""
    query = Constituent.objects.filter(person_prefilter_q(phone="07700900123", prefix=""))
    sql, params = query.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "constituent_phone_digits_trgm_idx" in plan, plan
