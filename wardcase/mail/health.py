"""Mail's check on `GET /healthz/` (registered in MailConfig.ready)."""

from django.conf import settings
from django.db.models import Min, Q
from django.db.models.functions import Coalesce

from wardcase.core.health import FAIL, OK, age_seconds
from wardcase.mail.models import OutboxMessage


def check_outbox(now):
    """Emails due to be sent are going out: not too many waiting, none waiting too long."""
    # Due and not sent: waiting for a sender, or claimed by one that has not finished.
    due = OutboxMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        state=OutboxMessage.State.PENDING,
    )
    count = due.count()
    oldest = due.aggregate(at=Min(Coalesce("next_attempt_at", "created_at")))["at"]
    age = age_seconds(oldest, now)
    max_age = settings.WARDCASE_HEALTH_OUTBOX_MAX_AGE_SECONDS
    max_due = settings.WARDCASE_HEALTH_OUTBOX_MAX_DUE
    failing = (age is not None and age > max_age) or count > max_due
    return {
        "status": FAIL if failing else OK,
        "due": count,
        "oldest_age_seconds": age,
        "threshold_seconds": max_age,
        "threshold_due": max_due,
    }
