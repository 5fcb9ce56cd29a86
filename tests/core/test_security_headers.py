"""Security headers, caching of personal data, CSRF on state changes, and `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import acknowledged
from wardcase.cases.choices import EventKind

ROOT = Path(__file__).resolve().parents[2]


def csp(response):
    return response["Content-Security-Policy"]


def test_every_page_has_a_strict_content_security_policy(client, world):
    """No inline script or style, nothing from elsewhere, never framed; plus the other headers."""
    for response in (client.get(reverse("login")), signed_in(client, world).get("/")):
        policy = csp(response)
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_style():
    """Every <script> loads a file and no element carries a style attribute (CSP would block it)."""
    offenders = []
    for template in (ROOT / "wardcase").rglob("templates/**/*.html"):
        text = template.read_text()
        for number, line in enumerate(text.splitlines(), 1):
            if "style=" in line or ("<script" in line and "src=" not in line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_hsts_on_https_with_production_values(client, db, settings):
    """Over HTTPS, with production's HSTS settings, browsers are told to use HTTPS only."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_case_pages_and_api_responses_are_never_stored(client, world):
    """Pages for a signed-in user and every API response carry Cache-Control: no-store."""
    signed_in(client, world)
    for path in ("/", world.case.get_absolute_url(), reverse("cases:create")):
        assert "no-store" in client.get(path)["Cache-Control"], path
    token, _ = Token.objects.get_or_create(user=world.councillor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for path in ("/api/v1/cases/", f"/api/v1/cases/{world.case.reference}/", "/api/v1/me/"):
        assert "no-store" in api.get(path)["Cache-Control"], path
        assert "no-store" in client.get(path)["Cache-Control"], path


def signed_in(client, world):
    client.force_login(world.councillor)
    return client


# --- CSRF -------------------------------------------------------------------------------


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def csrf_token(client, path):
    client.get(path)
    return client.cookies["csrftoken"].value


def test_a_case_form_post_needs_the_csrf_token(strict_client, world):
    """A case form POST without the token is refused and changes nothing; with it, works."""
    acknowledged(world)
    strict_client.force_login(world.councillor)
    url = reverse("cases:add_event", args=[world.case.reference])
    data = {"kind": "member_message", "body": "Any news?"}
    assert strict_client.post(url, data).status_code == 403
    assert not world.case.events.filter(kind=EventKind.MEMBER_MESSAGE).exists()
    token = csrf_token(strict_client, world.case.get_absolute_url())
    assert strict_client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert world.case.events.filter(kind=EventKind.MEMBER_MESSAGE).exists()


def test_signing_in_and_out_need_the_csrf_token(strict_client, world):
    """The sign-in and sign-out forms refuse a POST without the token (no login CSRF)."""
    credentials = {"username": "cllr.one", "password": "correct horse battery"}
    assert strict_client.post(reverse("login"), credentials).status_code == 403
    token = csrf_token(strict_client, reverse("login"))
    response = strict_client.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor")
    assert strict_client.post(reverse("logout")).status_code == 403
    token = strict_client.cookies["csrftoken"].value
    assert strict_client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_the_second_factor_form_needs_the_csrf_token(strict_client, world):
    """The code form refuses a POST without the token."""
    strict_client.force_login(world.councillor)
    strict_client.logout()
    token = csrf_token(strict_client, reverse("login"))
    strict_client.post(
        reverse("login"),
        {"username": "cllr.one", "password": "correct horse battery", "csrfmiddlewaretoken": token},
    )
    assert strict_client.post(reverse("two_factor"), {"code": "123456"}).status_code == 403


def test_the_session_api_needs_the_csrf_token(strict_client, world):
    """With session (browser) authentication, an API POST without X-CSRFToken is refused."""
    acknowledged(world)
    strict_client.force_login(world.councillor)
    url = f"/api/v1/cases/{world.case.reference}/close/"
    refused = strict_client.post(url, {"outcome": "resolved"}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    world.case.refresh_from_db()
    assert world.case.status != "closed"
    token = csrf_token(strict_client, "/")
    response = strict_client.post(
        url, {"outcome": "resolved"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    world.case.refresh_from_db()
    assert world.case.status == "closed"


# --- Passwords and deployment -------------------------------------------------------------


def test_argon2_hashes_new_passwords_in_every_environment_but_tests(settings):
    """Argon2 is the first hasher (tests use a fast one); it hashes and verifies here."""
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    encoded = make_password("correct horse battery", hasher="argon2")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert get_hasher("argon2").verify("correct horse battery", encoded)


def test_common_passwords_are_refused(db):
    """Django's common-password list stops 'password123'-style choices."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="too common"):
        validate_password("password123")


def test_check_deploy_with_production_settings_reports_no_issues(tmp_path):
    """`manage.py check --deploy` with production settings: "no issues"."""
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "wardcase.council.example",
        "WARDCASE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
