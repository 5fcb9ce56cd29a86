"""Fixtures for the search tests."""

import pytest

from wardcase.cases import services


@pytest.fixture
def hedge_cases(world):
    """A function making `count` of the first councillor's cases about an overgrown hedge."""

    def make(count):
        for number in range(count):
            services.case_create(
                by=world.councillor,
                owner=world.councillor,
                subject=f"Hedge overgrown {number}",
                description="The hedge blocks the pavement.",
                service=world.service,
                constituent={"name": f"Resident {number}", "postcode": "TE1 2AB"},
            )

    return make
