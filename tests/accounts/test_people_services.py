"""Administrators run the council's people: invite, change role, switch off and on, reset a
second factor, unlock. Each refused to every other role, each audited. And createadmin."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signing_in import totp_device
from wardcase.accounts import services
from wardcase.accounts.models import Invitation, Role, User
from wardcase.audit.models import AuditEntry
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.directory.services import people

OTHER_ROLES = ["councillor", "caseworker", "coordinator", "officer", "head", "other_officer"]


def audited(action, actor, whom):
    return AuditEntry.objects.filter(action=action, actor=actor, object_id=str(whom.pk)).exists()


def invite(world, by, **changes):
    details = {
        "username": "new.officer",
        "name": "New Officer",
        "email": "new.officer@example.org",
        "role": Role.OFFICER,
        "department": world.department,
    }
    details.update(changes)
    return people.user_invite(by=by, **details)


def test_an_administrator_invites_a_new_user(world):
    user, sent = invite(world, world.administrator)
    assert (user.role, user.department, user.has_usable_password()) == (
        Role.OFFICER,
        world.department,
        False,
    )
    assert sent.emailed and Invitation.objects.filter(user=user).count() == 1
    assert audited("user.created", world.administrator, user)
    assert audited("invitation.sent", world.administrator, user)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused_every_action(world, role):
    by = getattr(world, role)
    target = world.officer
    with pytest.raises(ActionNotAllowed):
        invite(world, by)
    for action in (
        services.user_switch_off,
        services.user_switch_on,
        services.user_second_factor_reset,
        services.user_unlock,
        services.user_invitation_resend,
    ):
        with pytest.raises(ActionNotAllowed):
            action(by=by, user=target)
    with pytest.raises(ActionNotAllowed):
        people.user_role_change(by=by, user=target, role=Role.COORDINATOR)
    assert not User.objects.filter(username="new.officer").exists()
    assert User.objects.get(pk=target.pk).is_active


def test_the_load_council_rules_check_the_details(world):
    """The same checks as a council file: username characters, email, an officer's
    department, a caseworker acting only for councillors."""
    with pytest.raises(people.UserDetailsError) as caught:
        invite(world, world.administrator, username="bad name!", email="nope")
    assert set(caught.value.problems) == {"username", "email"}
    with pytest.raises(people.UserDetailsError) as caught:
        invite(world, world.administrator, department=None)
    assert caught.value.problems == {"department": "Department is required for an officer"}
    with pytest.raises(people.UserDetailsError) as caught:
        invite(world, world.administrator, role=Role.CASEWORKER, acts_for=[world.officer])
    assert "is not a councillor" in caught.value.problems["acts_for"]
    with pytest.raises(people.UserDetailsError, match="already exists"):
        invite(world, world.administrator, username="Officer")


def test_a_caseworker_acts_for_councillors_given_as_any_iterable(world):
    """The councillors are checked and then set: an iterable read once still sets them."""
    user, _sent = invite(
        world,
        world.administrator,
        role=Role.CASEWORKER,
        department=None,
        acts_for=(councillor for councillor in [world.councillor]),
    )
    assert list(user.acts_for.all()) == [world.councillor]


def test_changing_a_role_keeps_only_what_the_role_needs(world):
    user = people.user_role_change(
        by=world.administrator,
        user=world.officer,
        role=Role.COUNCILLOR,
        ward=world.ward,
        department=world.department,
    )
    assert (user.role, user.ward, user.department) == (Role.COUNCILLOR, world.ward, None)
    entry = AuditEntry.objects.get(action="user.role_changed")
    assert entry.detail["before"]["role"] == "officer" and entry.detail["after"]["ward"]
    with pytest.raises(people.UserDetailsError, match="Department is required"):
        people.user_role_change(by=world.administrator, user=user, role=Role.OFFICER)


def test_the_last_active_administrator_cannot_be_switched_off_or_demoted(world):
    admin = world.administrator
    with pytest.raises(ActionNotAllowed, match="only active administrator"):
        services.user_switch_off(by=admin, user=admin)
    with pytest.raises(ActionNotAllowed, match="only active administrator"):
        people.user_role_change(by=admin, user=admin, role=Role.COORDINATOR)
    second, _sent = invite(world, admin, username="admin.two", role=Role.ADMINISTRATOR)
    services.user_switch_off(by=second, user=admin)
    assert not User.objects.get(pk=admin.pk).is_active


def test_switching_off_ends_sessions_and_switching_on_lets_them_back(world):
    browser = Client()
    browser.force_login(world.officer)
    assert browser.get("/").status_code == 200
    services.user_switch_off(by=world.administrator, user=world.officer)
    assert browser.get("/").status_code == 302
    assert not browser.login(username="officer", password="correct horse battery")
    services.user_switch_on(by=world.administrator, user=world.officer)
    assert browser.login(username="officer", password="correct horse battery")
    assert audited("user.deactivated", world.administrator, world.officer)
    assert audited("user.reactivated", world.administrator, world.officer)


def test_resetting_the_second_factor_removes_devices_and_sessions(world):
    browser = Client()
    browser.force_login(world.officer)
    assert StaticDevice.objects.filter(user=world.officer).exists()
    services.user_second_factor_reset(by=world.administrator, user=world.officer)
    assert not TOTPDevice.objects.filter(user=world.officer).exists()
    assert not StaticDevice.objects.filter(user=world.officer).exists()
    assert browser.get("/").status_code == 302
    assert audited("two_factor.reset", world.administrator, world.officer)
    totp_device(world.officer)  # and they can set up an app again


def test_unlocking_clears_the_lockout_for_the_username(world, settings):
    for _try in range(settings.AXES_FAILURE_LIMIT):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "10.1.2.3"
        authenticate(request, username="officer", password="wrong")
    assert services.user_locked_out(user=world.officer)
    cleared = services.user_unlock(by=world.administrator, user=world.officer)
    assert cleared == 1 and not AccessAttempt.objects.filter(username="officer").exists()
    assert not services.user_locked_out(user=world.officer)
    assert audited("user.unlocked", world.administrator, world.officer)


def test_createadmin_makes_an_administrator_who_is_not_a_superuser(db):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "createadmin",
        "--username=first.admin",
        "--email=first@example.org",
        "--name=First Admin",
        stdout=out,
        stderr=err,
    )
    user = User.objects.get(username="first.admin")
    assert (user.role, user.is_superuser, user.has_usable_password()) == (
        Role.ADMINISTRATOR,
        False,
        False,
    )
    # Test mail goes to no real mailbox, so the link is printed for the operator.
    assert out.getvalue().strip().startswith("http") and "/accounts/invitation/" in out.getvalue()
    assert "queued to first@example.org" in err.getvalue()
    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", "--username=first.admin", "--email=x@example.org")
    with pytest.raises(CommandError, match="not an email address"):
        call_command("createadmin", "--username=second", "--email=nope")


def test_resending_an_invitation_needs_someone_not_yet_signed_in(world):
    with pytest.raises(ServiceError, match="already signed in"):
        browser = Client()
        browser.login(username="officer", password="correct horse battery")
        services.user_invitation_resend(by=world.administrator, user=world.officer)


def test_a_head_of_service_given_another_role_no_longer_heads_their_department(world):
    people.user_role_change(
        by=world.administrator, user=world.head, role=Role.OFFICER, department=world.department
    )
    world.department.refresh_from_db()
    assert world.department.head is None
    entry = AuditEntry.objects.get(action="user.role_changed")
    assert entry.detail["after"]["no_longer_heads"] == ["Highways"]
