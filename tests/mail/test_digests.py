"""The daily digest: held notifications go once a working day, in one email, exactly once."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from wardcase.mail.digests import digests_send
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import notify_user

MONDAY_9AM = "2026-11-23 09:00:00+00:00"


@pytest.fixture
def digest_user(world):
    world.officer.email_digest = True
    world.officer.save(update_fields=["email_digest"])
    return world.officer


def _hold_two(world, user):
    notify_user(user=user, subject="Reminder", body="Due soon.", case=world.case, digestible=True)
    notify_user(user=user, subject="Breached", body="Overdue.", case=world.case, digestible=True)


def test_digestible_messages_are_held_for_digest_users(
    world, digest_user, mailoutbox, django_capture_on_commit_callbacks
):
    """A reminder to someone on the digest is held, not sent; other mail still goes at once."""
    with django_capture_on_commit_callbacks(execute=True):
        _hold_two(world, digest_user)
        notify_user(user=digest_user, subject="Assigned", body="x", case=world.case)
    states = list(OutboxMessage.objects.order_by("id").values_list("state", flat=True))
    assert states[-3:] == ["held", "held", "sent"]
    assert len(mailoutbox) == 1


def test_digestible_messages_go_at_once_for_everyone_else(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """Without the digest switched on, a reminder is sent as usual."""
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(
            user=world.officer, subject="Reminder", body="x", case=world.case, digestible=True
        )
    assert OutboxMessage.objects.get().state == OutboxMessage.State.SENT


def test_one_digest_lists_every_held_message(
    world, digest_user, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    """After the digest hour on a working day, one email lists both, and they are delivered."""
    time_machine.move_to(MONDAY_9AM, tick=False)
    _hold_two(world, digest_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [digest_user.email]
    assert "2 notifications" in digest.subject
    assert f"[{world.case.reference}] Reminder" in digest.body
    assert "Overdue." in digest.body
    row = OutboxMessage.objects.get(digest_date__isnull=False)
    held = OutboxMessage.objects.filter(digest=row)
    assert held.count() == 2
    assert set(held.values_list("state", flat=True)) == {"digested"}


def test_a_second_run_the_same_day_sends_nothing(
    world, digest_user, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    """Run twice, the digest goes once; a message held later waits for the next working day."""
    time_machine.move_to(MONDAY_9AM, tick=False)
    _hold_two(world, digest_user)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
        call_command("send_digests")
        notify_user(user=digest_user, subject="Late", body="x", case=world.case, digestible=True)
        call_command("send_digests")
    assert len(mailoutbox) == 1
    time_machine.move_to("2026-11-24 08:30:00+00:00", tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert len(mailoutbox) == 2
    assert "1 notification" in mailoutbox[1].subject


@pytest.mark.parametrize(
    ("moment", "why"),
    [
        ("2026-11-23 07:59:00+00:00", "before the digest hour"),
        ("2026-11-28 10:00:00+00:00", "a Saturday"),
        ("2026-12-25 10:00:00+00:00", "Christmas Day, a bank holiday"),
        ("2026-06-01 07:30:00+00:00", "08:30 in British Summer Time is 07:30 UTC"),
    ],
)
def test_no_digest_outside_working_days_and_hours(world, digest_user, time_machine, moment, why):
    """Digests go only on the council's working days, from the configured hour, in UK time."""
    time_machine.move_to(moment, tick=False)
    _hold_two(world, digest_user)
    built = digests_send()
    if "Summer" in why:
        assert built == 1, why
    else:
        assert built == 0, why


def test_no_digest_on_a_council_closure_day(world, digest_user, time_machine):
    """A day the council closes (here 24 December) is no working day for digests either."""
    from datetime import date

    from wardcase.charter.models import ClosureDay

    ClosureDay.objects.create(day=date(2026, 12, 24), name="Christmas Eve closure")
    time_machine.move_to("2026-12-24 10:00:00+00:00", tick=False)
    _hold_two(world, digest_user)
    assert digests_send() == 0
    time_machine.move_to("2026-12-29 10:00:00+00:00", tick=False)
    assert digests_send() == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_digest(world, digest_user, time_machine, queue_only):
    """Two digest runs racing each other build one digest, and each message is in it once."""
    time_machine.move_to(MONDAY_9AM, tick=False)
    _hold_two(world, digest_user)
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            results.append(digests_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert OutboxMessage.objects.filter(digest_date__isnull=False).count() == 1
    assert OutboxMessage.objects.filter(state="digested").count() == 2


def test_the_scheduler_runs_the_sender_and_the_digest():
    """`run_periodic` sends the outbox every minute and tries the digest every hour."""
    from django.conf import settings

    schedule = dict(settings.WARDCASE_PERIODIC_COMMANDS)
    assert schedule["send_outbox"] == 60
    assert schedule["send_digests"] == 3600
