"""Administrators see failed outbox messages in the Django admin and can send them again."""

from django.urls import reverse

from wardcase.mail.models import OutboxMessage

LIST = reverse("admin:mail_outboxmessage_changelist")


def _superuser(world):
    """The Django admin is for superusers only."""
    world.administrator.is_superuser = True
    world.administrator.save(update_fields=["is_superuser"])
    return world.administrator


def _failed(world):
    return OutboxMessage.objects.create(
        to=world.officer.email,
        subject=f"[{world.case.reference}] Secret subject",
        body="Case content",
        case=world.case,
        state=OutboxMessage.State.FAILED,
        attempts=5,
        last_error="Connection refused",
    )


def test_an_administrator_sees_failed_messages_without_case_content(client, world):
    """The list shows the failure and error, but not the subject or body."""
    message = _failed(world)
    client.force_login(_superuser(world))
    response = client.get(LIST, {"state__exact": "failed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.officer.email in html
    assert "Secret subject" not in html
    detail = client.get(reverse("admin:mail_outboxmessage_change", args=[message.pk]))
    assert "Connection refused" in detail.content.decode()
    assert "Case content" not in detail.content.decode()


def test_an_administrator_sends_a_failed_message_again(client, world):
    """The admin action puts a failed message back in the queue with fresh attempts."""
    message = _failed(world)
    client.force_login(_superuser(world))
    response = client.post(
        LIST, {"action": "send_again", "_selected_action": [message.pk], "index": 0}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxMessage.State.PENDING, 0)


def test_other_staff_cannot_see_the_outbox(client, world):
    """A coordinator, even made staff, is refused the outbox admin."""
    world.coordinator.is_staff = True
    world.coordinator.save()
    client.force_login(world.coordinator)
    assert client.get(LIST).status_code in (302, 403)  # to the admin's sign-in, or refused
