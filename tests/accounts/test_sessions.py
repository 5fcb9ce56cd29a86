"""Sessions end after 30 idle minutes, 10 hours after signing in, and when the account is
switched off; too many wrong passwords lock a username out from that address."""

from datetime import UTC, datetime, timedelta

import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from wardcase.accounts.sessions import user_deactivate
from wardcase.audit.models import AuditEntry

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def goes_to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_ends_after_30_idle_minutes(client, world):
    """29 minutes without a request is fine; 31 minutes signs the user out, saying why."""
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.councillor)
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(world.case.get_absolute_url())
        assert goes_to_sign_in(response)
        page = client.get(response["Location"])
        assert b"inactive for 30 minutes" in page.content
        assert client.get("/api/v1/me/").status_code in (401, 403)


def test_a_session_ends_10_hours_after_signing_in_however_busy(client, world):
    """A request every 20 minutes keeps the session until 10 hours after signing in."""
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.councillor)
        for _step in range(29):  # 9 h 40 min of steady work
            clock.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=21))
        assert goes_to_sign_in(client.get("/"))


def test_switching_an_account_off_ends_its_sessions_at_once(world):
    """Both of a user's sessions stop working; another user's session goes on."""
    phone, laptop, colleague = Client(), Client(), Client()
    phone.force_login(world.councillor)
    laptop.force_login(world.councillor)
    colleague.force_login(world.other_councillor)
    assert phone.get("/").status_code == 200

    assert user_deactivate(user=world.councillor, by=world.administrator) == 2
    assert goes_to_sign_in(phone.get("/"))
    assert goes_to_sign_in(laptop.get("/"))
    assert colleague.get("/").status_code == 200
    entry = AuditEntry.objects.get(action="user.deactivated")
    assert entry.actor == world.administrator and entry.detail["sessions_ended"] == 2


def test_switching_an_account_off_in_the_admin_ends_its_sessions(client, world):
    """An administrator unticking 'active' in the admin signs the user out everywhere."""
    victim = Client()
    victim.force_login(world.councillor)
    world.administrator.is_superuser = True
    world.administrator.save(update_fields=["is_superuser"])
    client.force_login(world.administrator)
    url = f"/admin/accounts/user/{world.councillor.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "last_login", "date_joined")
    }
    data["acts_for"] = [u.pk for u in data.get("acts_for", [])]
    data.pop("is_active")
    for name in ("ward", "department"):
        if data.get(name) is None:
            data.pop(name, None)
    data["date_joined_0"] = world.councillor.date_joined.strftime("%d/%m/%Y")
    data["date_joined_1"] = world.councillor.date_joined.strftime("%H:%M:%S")
    response = client.post(url, {k: v for k, v in data.items() if v not in ("", [])})
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.councillor.refresh_from_db()
    assert not world.councillor.is_active
    assert goes_to_sign_in(victim.get("/"))


def sign_in_with(client, password):
    return client.post(reverse("login"), {"username": "cllr.one", "password": password})


def test_five_wrong_passwords_lock_the_username_out_with_a_clear_message(client, world):
    """After 5 failures from one address the right password is refused too, with a 429 page."""
    for _try in range(4):
        assert b"Enter a correct username and password" in sign_in_with(client, "wrong").content
    locked = sign_in_with(client, "wrong")
    assert locked.status_code == 429
    assert b"too many wrong passwords" in locked.content
    assert b"Wait 15 minutes" in locked.content
    refused = sign_in_with(client, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, world):
    """Another address, or another username from the same address, can still sign in."""
    for _try in range(5):
        sign_in_with(client, "wrong")
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert sign_in_with(elsewhere, PASSWORD).status_code == 302
    other_user = client.post(reverse("login"), {"username": "cllr.two", "password": PASSWORD})
    assert other_user.status_code == 302


def test_an_administrator_unlocks_in_the_admin_and_the_cool_off_ends_it(client, world):
    """Deleting the access attempt (the admin's unlock) lets the user in; so does waiting."""
    for _try in range(5):
        sign_in_with(client, "wrong")
    assert sign_in_with(client, PASSWORD).status_code == 429
    admin = Client()
    world.administrator.is_superuser = True
    world.administrator.save(update_fields=["is_superuser"])
    admin.force_login(world.administrator)
    attempt = AccessAttempt.objects.get(username="cllr.one")
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert sign_in_with(client, PASSWORD).status_code == 302

    client.logout()
    for _try in range(5):
        sign_in_with(client, "wrong")
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16)):
        assert sign_in_with(client, PASSWORD).status_code == 302


def test_removing_an_authenticator_ends_its_users_sessions(
    world, django_capture_on_commit_callbacks
):
    """A lost phone's authenticator is deleted (as in the admin): the user's sessions end,
    so a stolen session cannot go on to set up a new authenticator; others go on."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    stolen, colleague = Client(), Client()
    stolen.force_login(world.councillor)
    colleague.force_login(world.other_councillor)
    assert stolen.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        TOTPDevice.objects.filter(user=world.councillor, confirmed=True).delete()
    assert goes_to_sign_in(stolen.get("/"))
    assert goes_to_sign_in(stolen.get(reverse("two_factor_setup")))
    assert colleague.get("/").status_code == 200
    entry = AuditEntry.objects.get(action="two_factor.device_removed")
    assert entry.detail["sessions_ended"] == 1
