"""Bench mode: the floor views answer only when it is on, and responses count queries."""

import pytest

from tests import factories
from wardcase.core.bench import QUERIES_HEADER


@pytest.fixture
def bench_mode(settings):
    settings.WARDCASE_BENCH = True
    settings.MIDDLEWARE = ["wardcase.core.bench.QueryCountMiddleware", *settings.MIDDLEWARE]


@pytest.mark.django_db
def test_floor_views_are_not_found_unless_bench_mode_is_on(client):
    """Off (the default, and in production), neither floor view exists to anyone."""
    client.force_login(factories.CouncillorFactory())
    assert client.get("/bench/trivial/").status_code == 404
    assert client.get("/bench/signed-in/").status_code == 404
    assert QUERIES_HEADER not in client.get("/accessibility/")


@pytest.mark.django_db
def test_trivial_floor_runs_no_query(client, bench_mode):
    """The trivial floor answers anyone, touching neither the session nor the database."""
    response = client.get("/bench/trivial/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response[QUERIES_HEADER] == "0"


@pytest.mark.django_db
def test_signed_in_floor_loads_only_the_user(client, bench_mode):
    """Anonymous visitors are sent to sign in; a signed-in user gets their username back,
    in the few queries a session and its user take."""
    anonymous = client.get("/bench/signed-in/")
    assert anonymous.status_code == 302
    assert "/accounts/sign-in/" in anonymous["Location"]
    user = factories.CaseworkerFactory()
    client.force_login(user)
    response = client.get("/bench/signed-in/")
    assert response.status_code == 200
    assert response.content.decode() == user.username
    assert 1 <= int(response[QUERIES_HEADER]) <= 3
