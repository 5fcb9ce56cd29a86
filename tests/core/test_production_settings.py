"""config.settings.production: HTTPS only, unless plain HTTP is asked for on the loopback."""

import secrets
import subprocess
import sys

from tests.processes import ROOT, clean_environment

SHOW = (
    "from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_HSTS_SECONDS, s.WARDCASE_SITE_URL)"
)


def manage(*args, **env):
    environment = clean_environment()
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="casework.example.gov.uk",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_and_everything_is_https():
    check = manage("check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stderr
    shown = manage("shell", "-c", SHOW)
    assert shown.stdout.splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "https://casework.example.gov.uk",
    ]


def test_plain_http_on_the_loopback_when_asked():
    shown = manage("shell", "-c", SHOW, WARDCASE_ALLOW_HTTP="true", WARDCASE_BIND="127.0.0.1:8123")
    assert shown.stdout.splitlines()[-1].split() == [
        "False",
        "False",
        "False",
        "0",
        "http://127.0.0.1:8123",
    ]


def test_plain_http_is_refused_on_any_other_address():
    shown = manage("shell", "-c", SHOW, WARDCASE_ALLOW_HTTP="true", WARDCASE_BIND="0.0.0.0:8000")
    assert shown.returncode != 0
    assert "only allowed when WARDCASE_BIND is on 127.0.0.1 or localhost" in shown.stderr
