"""The notification settings page: each person switches their own daily digest."""

from django.urls import reverse

from wardcase.audit.models import AuditEntry
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import notify_user

URL = reverse("mail:notification_settings")


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    """Nobody changes settings without signing in."""
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_the_current_choice(client, world):
    """The page offers the two choices as radios, with the current one checked."""
    client.force_login(world.officer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-radios__input"' in html
    assert 'value="each" checked' in html


def test_an_officer_switches_the_digest_on(client, world):
    """Choosing the digest saves it on the user, and is audited."""
    client.force_login(world.officer)
    response = client.post(URL, {"delivery": "digest"})
    assert response.status_code == 302
    world.officer.refresh_from_db()
    assert world.officer.email_digest is True
    assert AuditEntry.objects.filter(action="notifications.changed", actor=world.officer).exists()
    assert 'value="digest" checked' in client.get(URL).content.decode()


def test_no_choice_is_a_clear_error(client, world):
    """Submitting nothing shows the error summary and changes nothing."""
    client.force_login(world.councillor)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    world.councillor.refresh_from_db()
    assert world.councillor.email_digest is False


def test_switching_off_releases_held_messages(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    """Turning the digest off sends what was held, so nothing waits for a digest."""
    world.officer.email_digest = True
    world.officer.save()
    notify_user(user=world.officer, subject="Reminder", body="x", case=world.case, digestible=True)
    client.force_login(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"delivery": "each"})
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT
    assert len(mailoutbox) == 1


def test_a_user_changes_only_their_own_settings(client, world):
    """The page acts on the signed-in user; nobody else's setting moves."""
    client.force_login(world.councillor)
    client.post(URL, {"delivery": "digest"})
    world.other_councillor.refresh_from_db()
    assert world.other_councillor.email_digest is False
