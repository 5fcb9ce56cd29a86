"""Forgotten and changed passwords: Django's views with GOV.UK pages, mail through the
outbox, the same answer for any address, throttled, and other sessions signed out."""

import re

import pytest
from django.test import Client

from tests import factories
from wardcase.audit.models import AuditEntry
from wardcase.mail.models import OutboxMessage

RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password-reset/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "a brand new passphrase 7"


@pytest.fixture
def person(db):
    return factories.OfficerFactory(username="pat", email="pat@example.org")


def ask_for_link(client, email, ip="10.0.0.1"):
    return client.post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=ip)


def test_the_sign_in_page_links_to_forgotten_password(client, db):
    page = client.get("/accounts/sign-in/")
    assert b'href="/accounts/password-reset/"' in page.content
    assert b"Forgotten your password?" in page.content


def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, person):
    """Known and unknown addresses both lead to "Check your email"; only one gets mail."""
    known = ask_for_link(client, "PAT@example.org")
    unknown = ask_for_link(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/done/"
    assert b"Check your email" in client.get(known["Location"]).content
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["pat@example.org"]


def test_the_reset_email_goes_through_the_outbox_and_the_link_works_once(client, person):
    ask_for_link(client, "pat@example.org")
    body = OutboxMessage.objects.get(recipient=person).body
    path = RESET_LINK.search(body).group(1)
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/password-reset/complete/"
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="password.reset", object_id=str(person.pk)).exists()
    again = Client().get(path, follow=True)
    assert b"This link does not work" in again.content


def test_a_completed_reset_signs_out_every_other_session(client, person):
    """Browsers signed in before the reset are signed out; the second factor is kept."""
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get("/").status_code == 200
    devices_before = person.totpdevice_set.count()

    ask_for_link(client, "pat@example.org")
    path = RESET_LINK.search(OutboxMessage.objects.get(recipient=person).body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = elsewhere.get("/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert person.totpdevice_set.count() == devices_before == 1


def test_requests_are_throttled_per_address_and_per_ip(client, person):
    """Three an hour for one address; ten an hour from one network address."""
    for _try in range(3):
        assert ask_for_link(client, "pat@example.org").status_code == 302
    refused = ask_for_link(client, "pat@example.org", ip="10.0.0.2")
    assert refused.status_code == 429 and b"Too many requests" in refused.content
    assert OutboxMessage.objects.count() == 3

    for n in range(10):
        assert ask_for_link(client, f"someone{n}@example.org", ip="10.9.9.9").status_code == 302
    assert ask_for_link(client, "other@example.org", ip="10.9.9.9").status_code == 429
    assert ask_for_link(client, "other@example.org", ip="10.9.9.8").status_code == 302


def test_an_empty_or_bad_address_gets_a_govuk_error(client, db):
    response = client.post("/accounts/password-reset/", {"email": ""})
    assert b"Enter your email address" in response.content
    response = client.post("/accounts/password-reset/", {"email": "not an address"})
    assert b"correct format" in response.content


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, person):
    client.force_login(person)
    elsewhere = Client()
    elsewhere.force_login(person)
    wrong = client.post(
        "/accounts/password-change/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert b"Your current password is not right" in wrong.content
    response = client.post(
        "/accounts/password-change/",
        {
            "old_password": "correct horse battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == "/accounts/password-change/done/"
    assert client.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="password.changed", actor=person).exists()


def test_changing_the_password_needs_signing_in(client, db):
    response = client.get("/accounts/password-change/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
