"""Shared fixtures: a small council with one of every role, and two councillors' cases."""

import pytest
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.signing_in import pass_second_factor
from wardcase.cases import services


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _signing_in_passes_second_factor(monkeypatch):
    """`client.force_login(user)` and `client.login(username=..., password=...)` sign in
    fully, second factor included (a real TOTP device and code, see tests/signing_in.py).
    Tests of the sign-in steps themselves post the sign-in form instead."""
    force_login = Client.force_login

    def force_login_and_verify(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_factor(self, user)

    def login_and_verify(self, **credentials):
        # django-axes checks the address a password comes from, so it needs a request,
        # which Django's own Client.login does not pass.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        user = authenticate(request, **credentials)
        if user is None:
            return False
        self._login(user)
        pass_second_factor(self, user)
        return True

    monkeypatch.setattr(Client, "force_login", force_login_and_verify)
    monkeypatch.setattr(Client, "login", login_and_verify)


@pytest.fixture
def council(db):
    return factories.CouncilFactory()


@pytest.fixture
def world(db, council):
    """One of every role around two councillors, with a case each, assigned to one department."""

    class World:
        pass

    w = World()
    w.council = council
    w.ward = factories.WardFactory(council=council, name="North Ward")
    w.department = factories.DepartmentFactory(council=council, name="Highways")
    w.other_department = factories.DepartmentFactory(council=council, name="Housing")
    w.service = factories.ServiceFactory(department=w.department, name="Potholes")
    w.councillor = factories.CouncillorFactory(username="cllr.one", name="Cllr One", ward=w.ward)
    w.other_councillor = factories.CouncillorFactory(
        username="cllr.two", name="Cllr Two", ward=w.ward
    )
    w.caseworker = factories.CaseworkerFactory(username="caseworker", name="Case Worker")
    w.caseworker.acts_for.add(w.councillor)
    w.coordinator = factories.CoordinatorFactory(username="coordinator", name="Coordinator")
    w.officer = factories.OfficerFactory(
        username="officer", name="Officer One", department=w.department
    )
    w.other_officer = factories.OfficerFactory(
        username="officer.housing", name="Housing Officer", department=w.other_department
    )
    w.head = factories.HeadOfServiceFactory(
        username="head", name="Head of Highways", department=w.department
    )
    w.department.head = w.head
    w.department.save()
    w.administrator = factories.AdministratorFactory(username="admin", name="Admin")
    w.case = services.case_create(
        by=w.councillor,
        owner=w.councillor,
        subject="Pothole on Mill Lane",
        description="A deep pothole outside number 4.",
        service=w.service,
        constituent={"name": "Ada Resident", "postcode": "te1 1st", "email": "ada@example.org"},
    )
    w.other_case = services.case_create(
        by=w.other_councillor,
        owner=w.other_councillor,
        subject="Broken street light",
        description="The light outside the school is out.",
        service=w.service,
        constituent={"name": "Bob Resident"},
    )
    return w


def assign(world, case=None):
    """Assign a case (default: the councillor's) to the world's officer."""
    return services.case_assign(
        case=case or world.case,
        by=world.coordinator,
        department=world.department,
        lead_officer=world.officer,
    )


def acknowledged(world):
    """The councillor's case, assigned and acknowledged by the world's officer."""
    return services.case_acknowledge(case=assign(world), by=world.officer)


@pytest.fixture
def api():
    """An API client signed in with a token as the given user, or anonymous with None."""

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
