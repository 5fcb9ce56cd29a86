"""The daily digest: held notifications go to a person once a day in one email.

A digest is an outbox row with `digest_date` set; the database allows one per person
per day, and the held rows it lists move to DIGESTED in the same transaction, so a
held message is delivered exactly once, even by two runs at once.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wardcase.charter.clocks import council_calendar
from wardcase.mail.models import OutboxMessage
from wardcase.mail.services import enqueue_send
from wardcase.mail.threading import new_message_id

HELD = OutboxMessage.State.HELD


def digest_day(now):
    """The council-time day a digest run at `now` is for, or None if it is not time yet."""
    local = timezone.localtime(now, ZoneInfo(settings.TIME_ZONE))
    if local.hour < settings.WARDCASE_DIGEST_HOUR:
        return None
    if not council_calendar(local.year).is_working_day(local.date()):
        return None  # weekends, bank holidays and the council's own closure days
    return local.date()


def digests_send(*, now=None):
    """Build today's digest for everyone with held messages; returns how many were built."""
    day = digest_day(now or timezone.now())
    if day is None:
        return 0
    done_today = OutboxMessage.objects.filter(digest_date=day).values("recipient_id")
    recipients = (
        OutboxMessage.objects.filter(state=HELD, recipient__isnull=False)
        .exclude(recipient_id__in=done_today)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(_digest_for(recipient_id, day) for recipient_id in list(recipients))


def _digest_for(recipient_id, day):
    try:
        with transaction.atomic():
            return _build_digest(recipient_id, day)
    except IntegrityError:
        return 0  # another run built this person's digest for today first


def _build_digest(recipient_id, day):
    held = list(
        OutboxMessage.objects.select_for_update(of=("self",))
        .filter(state=HELD, recipient_id=recipient_id)
        .select_related("recipient", "case")
        .order_by("created_at", "id")
    )
    if not held:
        return 0
    user = held[0].recipient
    digest = OutboxMessage.objects.create(
        to=user.email or held[-1].to,
        recipient=user,
        subject=ngettext(
            "Your Wardcase digest: %(count)d notification",
            "Your Wardcase digest: %(count)d notifications",
            len(held),
        )
        % {"count": len(held)},
        body=render_to_string("mail/digest.txt", {"user": user, "messages": held, "day": day}),
        digest_date=day,
        message_id=new_message_id(),
    )
    moved = OutboxMessage.objects.filter(pk__in=[m.pk for m in held], state=HELD).update(
        state=OutboxMessage.State.DIGESTED, digest=digest
    )
    if moved != len(held):
        raise IntegrityError(_("Held messages changed while the digest was built."))
    enqueue_send(message=digest)
    return 1
