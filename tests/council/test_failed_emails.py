"""Failed emails under Council settings: administrators see who and why, never what the
email said, and send them again without the Django admin."""

import pytest
from django.urls import reverse

from wardcase.audit.models import AuditEntry
from wardcase.core.errors import ActionNotAllowed
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import outbox_send_again


def failed(world, to="officer@example.org"):
    return OutboxMessage.objects.create(
        to=to,
        subject=f"{world.case.reference}: Broken street light outside number 4",
        body="The constituent's neighbour is in hospital.",
        case=world.case,
        state=OutboxMessage.State.FAILED,
        attempts=5,
        last_error="SMTP 550: mailbox unavailable",
    )


def test_the_page_shows_who_which_case_and_why_but_not_what(client, world):
    message = failed(world)
    client.force_login(world.administrator)
    page = client.get(reverse("council:failed_emails")).content.decode()
    assert message.to in page and world.case.reference in page
    assert "SMTP 550: mailbox unavailable" in page
    assert "Broken street light" not in page and "hospital" not in page


def test_send_again_queues_every_failed_email_from_a_first_attempt(client, world):
    message = failed(world)
    sent = OutboxMessage.objects.create(to="x@example.org", subject="s", body="b", state="sent")
    client.force_login(world.administrator)
    response = client.post(reverse("council:failed_emails_send_again"), follow=True)
    assert "1 email(s) will be sent again" in response.content.decode()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("pending", 0, "")
    sent.refresh_from_db()
    assert sent.state == "sent"
    entry = AuditEntry.objects.get(action="outbox.retried")
    assert entry.actor == world.administrator


@pytest.mark.parametrize("role", ["councillor", "coordinator", "officer"])
def test_only_administrators_send_again(world, role):
    message = failed(world)
    with pytest.raises(ActionNotAllowed):
        outbox_send_again(by=getattr(world, role))
    message.refresh_from_db()
    assert message.state == "failed"
