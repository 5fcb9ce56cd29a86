"""Two-factor sign-in: set up an authenticator app on first sign-in, then a code every time;
single-use recovery codes; nothing signed-in is reachable with a password alone."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signing_in import totp_code, totp_device
from wardcase.accounts import two_factor
from wardcase.audit.models import AuditEntry
from wardcase.core.errors import ActionNotAllowed

PASSWORD = "correct horse battery"


def password_only(client, user, next_url="/"):
    """Sign in with the password through the form; returns the response (to the 2FA step)."""
    return client.post(
        f"{reverse('login')}?next={next_url}", {"username": user.username, "password": PASSWORD}
    )


def code_for_key(device):
    """What an app that scanned the QR code (holding only the key) would show now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    return f"{totp.token():06d}"


def test_first_sign_in_sets_up_the_app_with_a_qr_code_and_shows_recovery_codes(client, world):
    """A user without an app is taken to set-up: QR code as inline SVG, the key, then
    recovery codes once the app's code is confirmed; then they are signed in."""
    response = password_only(client, world.councillor, "/cases/new/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("two_factor_setup")
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "QR code to add Wardcase to your app" in body
    device = TOTPDevice.objects.get(user=world.councillor, confirmed=False)
    secret = page.context["secret"]
    assert secret.replace(" ", "") in device.config_url
    assert client.get(reverse("home")).status_code == 302  # not yet verified

    done = client.post(
        reverse("two_factor_setup"), {"code": code_for_key(device), "next": "/cases/new/"}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert 'href="/cases/new/"' in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(action="two_factor.enrolled", actor=world.councillor).exists()


def test_a_wrong_code_at_set_up_is_refused_with_a_clear_error(client, world):
    """A wrong code leaves the app unconfirmed and says what to do."""
    password_only(client, world.councillor)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"The code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=world.councillor, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_returning_user_enters_a_code_and_reaches_the_page_they_asked_for(client, world):
    """With an app set up, the password leads to the code page, then to `next`."""
    device = totp_device(world.councillor)
    response = password_only(client, world.councillor, world.case.get_absolute_url())
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"Enter your security code" in page.content
    response = client.post(
        reverse("two_factor"), {"code": totp_code(device), "next": world.case.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == world.case.get_absolute_url()
    assert client.get(world.case.get_absolute_url()).status_code == 200


def test_a_wrong_code_is_refused_and_audited(client, world):
    """A wrong code keeps the user out, shows the error summary and is audited."""
    totp_device(world.councillor)
    password_only(client, world.councillor)
    response = client.post(reverse("two_factor"), {"code": "123456"})
    assert response.status_code == 200 and b"The code is not right" in response.content
    assert client.get(reverse("home")).status_code == 302
    assert AuditEntry.objects.filter(action="two_factor.failed").count() == 1


def test_a_code_cannot_be_used_twice(world):
    """The same app code is refused the second time (a code seen over a shoulder is spent)."""
    device = totp_device(world.councillor)
    code = totp_code(device)
    assert two_factor.second_factor_verify(user=world.councillor, code=code) == device
    with pytest.raises(Exception, match="not right"):
        two_factor.second_factor_verify(user=world.councillor, code=code)


def test_an_off_site_next_is_ignored(client, world):
    """After the code, an address on another site is not followed."""
    device = totp_device(world.councillor)
    password_only(client, world.councillor)
    response = client.post(
        reverse("two_factor"), {"code": totp_code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_recovery_code_signs_in_once(client, world):
    """A recovery code works in place of the app once; the user is told how many are left."""
    codes, _device = enrolled_with_codes(world.councillor)
    password_only(client, world.councillor)
    response = client.post(reverse("two_factor"), {"code": codes[0].upper()}, follow=True)
    assert response.status_code == 200
    assert b"You used a recovery code. You have 9 left" in response.content
    assert AuditEntry.objects.filter(action="two_factor.recovery_code_used").count() == 1

    other = client.__class__()
    password_only(other, world.councillor)
    response = other.post(reverse("two_factor"), {"code": codes[0]})
    assert response.status_code == 200 and b"The code is not right" in response.content
    assert other.get(reverse("home")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, world):
    """Making new recovery codes shows ten new ones once; the earlier codes stop working."""
    old_codes, _device = enrolled_with_codes(world.councillor)
    client.force_login(world.councillor)
    assert b"10 recovery codes left" in client.get(reverse("recovery_codes")).content
    response = client.post(reverse("recovery_codes"))
    new_codes = response.context["codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)
    assert AuditEntry.objects.filter(action="two_factor.recovery_codes_regenerated").exists()


def test_a_password_alone_cannot_enrol_a_second_app(client, world):
    """Someone with only the password cannot replace the user's app with their own."""
    totp_device(world.councillor)
    password_only(client, world.councillor)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))
    with pytest.raises(ActionNotAllowed):
        two_factor.totp_device_pending(user=world.councillor)


def test_a_password_alone_reaches_no_signed_in_page(client, world):
    """Unverified: pages and the admin send to the code step; the session API answers 403."""
    totp_device(world.administrator)
    password_only(client, world.administrator)
    for path in (reverse("home"), world.case.get_absolute_url(), "/admin/", "/cases/new/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("two_factor")), path
    assert client.get("/api/v1/cases/").status_code in (401, 403)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_an_api_token_needs_no_second_factor(world):
    """Tokens are issued by administrators and are not sessions: they work as before."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token, _ = Token.objects.get_or_create(user=world.councillor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").status_code == 200


def test_without_the_requirement_a_password_signs_in(client, world, settings):
    """With WARDCASE_REQUIRE_2FA off (the local demo), the password goes straight home."""
    settings.WARDCASE_REQUIRE_2FA = False
    response = password_only(client, world.councillor)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_signing_in_gives_a_new_session_key(client, world):
    """The session key before signing in is not the one after (no session fixation)."""
    client.get(reverse("login"))
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    password_only(client, world.councillor)
    assert client.session.session_key != before
    assert client.session.get("_auth_user_id") == str(world.councillor.pk)


def enrolled_with_codes(user):
    pending = two_factor.totp_device_pending(user=user)
    return two_factor.totp_enrol_confirm(user=user, device=pending, code=totp_code(pending))
