"""The outbox never leaves a message stuck because of what it says: header values are made
one line, and a message that can never be built is failed at once with the reason."""

from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import outbox_send_all


def test_a_subject_with_line_breaks_is_sent_on_one_line(world, smtp_server):
    """A row written before subjects were cleaned still goes, with no injected header."""
    message = OutboxMessage.objects.create(
        to="officer@example.org", subject="x\r\nBcc: a@evil.example", body="Hello", case=world.case
    )
    assert outbox_send_all() == 1
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    (received,) = smtp_server.messages()
    assert received["Subject"] == "x Bcc: a@evil.example"
    assert received["Bcc"] is None


def test_a_message_that_can_never_be_sent_fails_at_once_with_its_reason(world, smtp_server):
    message = OutboxMessage.objects.create(
        to="officer@example.org\nBcc: a@evil.example", subject="Hello", body="Hello"
    )
    assert outbox_send_all() == 0
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.FAILED
    assert message.attempts == 1
    assert message.last_error.startswith("Cannot be sent")
    assert smtp_server.messages() == []
