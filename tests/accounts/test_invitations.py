"""Invitations: a single-use link, 72 hours, emailed through the outbox; set a password,
then the second factor; clear pages for used, expired and unknown links."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests import factories
from tests.directory.test_load_council import COUNCIL_YAML, load, write
from wardcase.accounts.invitations import invitation_send
from wardcase.accounts.models import Invitation, User
from wardcase.audit.models import AuditEntry
from wardcase.core.errors import ServiceError
from wardcase.mail.models import OutboxMessage

LINK = re.compile(r"https?://\S+/accounts/invitation/(\S+)/")
NEW_PASSWORD = "a long new passphrase 42"


def link_path(body):
    match = LINK.search(body)
    assert match, body
    return f"/accounts/invitation/{match.group(1)}/"


@pytest.fixture
def newcomer(db):
    user = factories.OfficerFactory(username="new.officer", email="new.officer@example.org")
    user.set_unusable_password()
    user.save()
    return user


def test_an_invitation_is_emailed_through_the_outbox_with_a_link(
    newcomer, django_capture_on_commit_callbacks
):
    """The email is an outbox row (sent by the worker) and carries the one link."""
    admin = factories.AdministratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitation_send(user=newcomer, by=admin)
    message = OutboxMessage.objects.get(recipient=newcomer)
    assert message.state == OutboxMessage.State.SENT  # the test worker sends at once
    assert sent.link in message.body and "new.officer" in message.body
    assert mail.outbox[-1].to == ["new.officer@example.org"]
    invitation = Invitation.objects.get(user=newcomer)
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(hours=72), abs=timedelta(seconds=5)
    )
    assert sent.link.split("/")[-2] not in invitation.token_hash  # only the hash is kept
    assert AuditEntry.objects.filter(action="invitation.sent", actor=admin).exists()


def test_following_the_link_sets_the_password_then_the_second_factor(client, newcomer):
    """Set your password, then straight on to setting up the app, signed in."""
    path = link_path(invitation_send(user=newcomer, by=None).link)
    page = client.get(path)
    assert page.status_code == 200 and b"Set your password" in page.content

    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/set-up/")
    assert client.session[SESSION_KEY] == str(newcomer.pk)
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/").status_code == 302  # a password alone opens nothing


def test_django_password_validators_apply(client, newcomer):
    """A weak or mismatched password is refused with a GOV.UK error; the link still works."""
    path = link_path(invitation_send(user=newcomer, by=None).link)
    response = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.content and b"too common" in response.content
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert b"The passwords do not match" in response.content
    assert not User.objects.get(pk=newcomer.pk).has_usable_password()
    assert client.get(path).status_code == 200


def test_a_used_link_cannot_be_used_again(client, newcomer):
    path = link_path(invitation_send(user=newcomer, by=None).link)
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    other = client_class_fresh()
    response = other.get(path)
    assert response.status_code == 410
    assert b"already been used" in response.content
    response = other.post(path, {"new_password1": "x" + NEW_PASSWORD, "new_password2": "x"})
    assert response.status_code == 410
    assert User.objects.get(pk=newcomer.pk).check_password(NEW_PASSWORD)


def client_class_fresh():
    from django.test import Client

    return Client()


def test_an_expired_link_says_to_ask_for_a_new_invitation(client, newcomer):
    path = link_path(invitation_send(user=newcomer, by=None).link)
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        response = client.get(path)
    assert response.status_code == 410
    assert b"has expired" in response.content
    assert b"Ask your administrator to send you a new invitation" in response.content


def test_a_new_invitation_cancels_the_old_link(client, newcomer):
    old = link_path(invitation_send(user=newcomer, by=None).link)
    new = link_path(invitation_send(user=newcomer, by=None).link)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_link_is_not_valid(client, db):
    response = client.get("/accounts/invitation/not-a-real-token/")
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_a_switched_off_user_or_one_who_signed_in_is_not_invited(newcomer):
    newcomer.last_login = timezone.now()
    newcomer.save()
    with pytest.raises(ServiceError, match="already signed in"):
        invitation_send(user=newcomer, by=None)
    newcomer.last_login, newcomer.is_active = None, False
    newcomer.save()
    with pytest.raises(ServiceError, match="switched off"):
        invitation_send(user=newcomer, by=None)


def test_load_council_invites_each_new_user(db, tmp_path):
    """Every user the file creates is emailed an invitation; a second load sends none."""
    path = write(tmp_path, COUNCIL_YAML)
    output = load(path)
    assert "invitations sent: " in output
    invited = set(Invitation.objects.values_list("user__username", flat=True))
    assert invited == set(User.objects.values_list("username", flat=True)) and len(invited) == 8
    assert OutboxMessage.objects.count() == 8
    load(path)
    assert Invitation.objects.count() == 8


def test_the_demo_council_sends_no_invitations(db, tmp_path):
    """With a demo password, users keep it and nobody is invited."""
    load(write(tmp_path, COUNCIL_YAML), "--demo-password", "demo-pass-123")
    assert not Invitation.objects.exists() and not OutboxMessage.objects.exists()


def test_the_invite_command_resends_and_names_unknown_usernames(newcomer):
    out, err = io.StringIO(), io.StringIO()
    call_command("invite", "new.officer", "--print-link", stdout=out, stderr=err)
    assert "/accounts/invitation/" in out.getvalue()
    assert "queued to new.officer@example.org" in err.getvalue()
    with pytest.raises(CommandError, match="No user 'nobody'; nobody was invited"):
        call_command("invite", "new.officer", "nobody", stdout=out, stderr=err)
    assert Invitation.objects.filter(user=newcomer).count() == 1
