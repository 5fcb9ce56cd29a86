"""The signed reply address of a case."""

import pytest

from wardcase.mail.addresses import (
    BadReplyAddress,
    case_reply_address,
    case_reply_addresser,
    parse_reply_address,
)


def test_reply_address_names_the_case_and_person(world):
    """A reply address round-trips to the case and the person it was sent to, in any case."""
    address = case_reply_address(case=world.case, user=world.officer)
    assert address.startswith("casework+") and address.endswith("@localhost")
    target = parse_reply_address(address.upper())
    assert (target.case_id, target.user_id) == (world.case.pk, world.officer.pk)


@pytest.mark.parametrize(
    "address",
    ["casework@localhost", "other+1-2-abc@localhost", "casework+1-2@localhost", "", "nonsense"],
)
def test_other_addresses_are_refused(db, address):
    """Addresses that are not case reply addresses are refused."""
    with pytest.raises(BadReplyAddress):
        parse_reply_address(address)


def test_tampered_token_is_refused(world):
    """Changing the case number in a reply address breaks its signature."""
    address = case_reply_address(case=world.case, user=world.officer)
    local, domain = address.split("@")
    base, token = local.split("+")
    case_id, user_id, signature = token.split("-")
    forged = f"{base}+{world.other_case.pk}-{user_id}-{signature}@{domain}"
    with pytest.raises(BadReplyAddress):
        parse_reply_address(forged)


def test_a_batch_signs_each_address_as_one_alone_does(world):
    """The batch signer (sweeps) keys the HMAC once; every address is still the one
    `case_reply_address` gives, for every pair, and it verifies."""
    address = case_reply_addresser()
    for case in (world.case, world.other_case):
        for user in (world.officer, world.head, world.coordinator):
            assert address(case=case, user=user) == case_reply_address(case=case, user=user)
            parse_reply_address(address(case=case, user=user))
