"""The users pages at /council/users/: for administrators only, every action a POST,
destructive ones confirmed first, each audited."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from wardcase.accounts.models import Invitation, Role, User
from wardcase.audit.models import AuditEntry
from wardcase.mail.models import OutboxMessage

OTHER_ROLES = ["councillor", "caseworker", "coordinator", "officer", "head"]
PAGES = ["list", "invite"]
PERSON_PAGES = [
    "detail",
    "change_role",
    "switch_off",
    "switch_on",
    "reset_second_factor",
    "unlock",
    "resend_invitation",
]


def every_url(person):
    return [reverse(f"council_users:{name}") for name in PAGES] + [
        reverse(f"council_users:{name}", args=[person.pk]) for name in PERSON_PAGES
    ]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.administrator)
    return client


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_gets_403_on_every_page_and_post(client, world, role):
    client.force_login(getattr(world, role))
    target = world.other_officer
    for url in every_url(target):
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"role": "administrator"}).status_code == 403, url
    target.refresh_from_db()
    assert target.is_active and target.role == Role.OFFICER
    assert not AuditEntry.objects.filter(object_id=str(target.pk)).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in every_url(world.officer):
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_superuser_without_the_administrator_role_is_refused(client, world):
    boss = factories.CoordinatorFactory(is_superuser=True, is_staff=True)
    client.force_login(boss)
    assert client.get(reverse("council_users:list")).status_code == 403


def test_the_list_filters_by_role_and_searches_by_name(admin_client, world):
    page = admin_client.get(reverse("council_users:list"))
    assert page.status_code == 200
    assert b"Officer One" in page.content and b"Cllr One" in page.content
    page = admin_client.get(reverse("council_users:list"), {"role": "councillor"})
    assert b"Cllr One" in page.content and b"Officer One" not in page.content
    page = admin_client.get(reverse("council_users:list"), {"q": "housing"})
    assert b"Housing Officer" in page.content and b"Cllr One" not in page.content
    assert b"1 user" in page.content


def test_the_list_is_paginated(admin_client, world):
    factories.CouncillorFactory.create_batch(30, ward=world.ward)
    first = admin_client.get(reverse("council_users:list"))
    assert b"govuk-pagination" in first.content
    second = admin_client.get(reverse("council_users:list"), {"page": 2})
    assert second.status_code == 200


def test_inviting_a_user_creates_them_and_emails_the_invitation(admin_client, world):
    response = admin_client.post(
        reverse("council_users:invite"),
        {
            "name": "Carys Case",
            "username": "carys",
            "email": "carys@example.org",
            "role": "caseworker",
            "acts_for": [world.councillor.pk],
        },
    )
    person = User.objects.get(username="carys")
    assert response["Location"] == reverse("council_users:detail", args=[person.pk])
    assert list(person.acts_for.all()) == [world.councillor]
    assert OutboxMessage.objects.filter(to="carys@example.org").count() == 1
    page = admin_client.get(response["Location"])
    assert b"has been invited" in page.content and b"Waiting to be accepted" in page.content


def test_a_bad_invitation_keeps_what_was_typed_and_names_each_problem(admin_client, world):
    response = admin_client.post(
        reverse("council_users:invite"),
        {"name": "Olly", "username": "olly", "email": "olly@example.org", "role": "officer"},
    )
    assert response.status_code == 400
    assert b"Department is required for an officer" in response.content
    assert b'value="olly@example.org"' in response.content
    response = admin_client.post(reverse("council_users:invite"), {})
    assert b"Enter their full name" in response.content and b"Choose a role" in response.content
    assert not User.objects.filter(username="olly").exists()


def test_changing_a_role(admin_client, world):
    url = reverse("council_users:change_role", args=[world.officer.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"role": "head_of_service", "department": world.other_department.pk})
    world.officer.refresh_from_db()
    assert (world.officer.role, world.officer.department) == (
        Role.HEAD_OF_SERVICE,
        world.other_department,
    )
    assert AuditEntry.objects.filter(action="user.role_changed", actor=world.administrator)


def test_switch_off_asks_first_then_switches_off_and_on(admin_client, world):
    url = reverse("council_users:switch_off", args=[world.officer.pk])
    confirm = admin_client.get(url)
    assert b"Are you sure you want to switch off Officer One?" in confirm.content
    assert User.objects.get(pk=world.officer.pk).is_active
    admin_client.post(url)
    assert not User.objects.get(pk=world.officer.pk).is_active
    admin_client.post(reverse("council_users:switch_on", args=[world.officer.pk]))
    assert User.objects.get(pk=world.officer.pk).is_active


def test_the_last_administrator_cannot_switch_themselves_off(admin_client, world):
    url = reverse("council_users:switch_off", args=[world.administrator.pk])
    page = admin_client.post(url, follow=True)
    assert b"only active administrator" in page.content
    assert User.objects.get(pk=world.administrator.pk).is_active
    url = reverse("council_users:change_role", args=[world.administrator.pk])
    response = admin_client.post(url, {"role": "coordinator"})
    assert response.status_code == 400 and b"only active administrator" in response.content


def test_resetting_the_second_factor_and_unlocking(admin_client, world, client):
    other = type(client)()
    other.force_login(world.officer)
    url = reverse("council_users:reset_second_factor", args=[world.officer.pk])
    assert b"Are you sure" in admin_client.get(url).content
    admin_client.post(url)
    assert not TOTPDevice.objects.filter(user=world.officer).exists()
    AccessAttempt.objects.create(
        username="officer", ip_address="10.0.0.9", failures_since_start=5, user_agent="x"
    )
    page = admin_client.get(reverse("council_users:detail", args=[world.officer.pk]))
    assert b"Locked out" in page.content
    admin_client.post(reverse("council_users:unlock", args=[world.officer.pk]))
    assert not AccessAttempt.objects.filter(username="officer").exists()


def test_resending_an_invitation(admin_client, world):
    person = factories.OfficerFactory(department=world.department, email="p@example.org")
    url = reverse("council_users:resend_invitation", args=[person.pk])
    admin_client.post(url)
    admin_client.post(url)
    assert Invitation.objects.filter(user=person, revoked_at__isnull=True).count() == 1
    assert Invitation.objects.filter(user=person).count() == 2


def test_an_unknown_person_is_404(admin_client, world):
    assert admin_client.get(reverse("council_users:detail", args=[99999])).status_code == 404


def test_the_django_admin_is_for_superusers_only(client, world):
    """An administrator without is_superuser gets no Django admin; a superuser does."""
    client.force_login(world.administrator)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/axes/accessattempt/"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path
    world.administrator.is_superuser = True
    world.administrator.save(update_fields=["is_superuser"])
    assert client.get("/admin/accounts/user/").status_code == 200


def test_the_role_page_warns_when_the_person_heads_a_department(admin_client, world):
    page = admin_client.get(reverse("council_users:change_role", args=[world.head.pk]))
    assert b"Head of Highways heads Highways" in page.content
