"""A lock for periodic sweeps, so a cron job and the scheduler never run one twice at once."""

from contextlib import contextmanager
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from wardcase.privacy.models import SweepLock


@contextmanager
def sweep_lock(name, *, hold_for=timedelta(hours=1)):
    """Yield True if this process took the lock, False if another holds it.

    The lock is one conditional UPDATE, so it works on SQLite and PostgreSQL alike; it
    expires after `hold_for` so a crashed run cannot block the sweep for ever.
    """
    SweepLock.objects.get_or_create(name=name)
    now = timezone.now()
    taken = SweepLock.objects.filter(
        Q(held_until__isnull=True) | Q(held_until__lt=now), name=name
    ).update(held_until=now + hold_for)
    try:
        yield bool(taken)
    finally:
        if taken:
            SweepLock.objects.filter(name=name).update(held_until=None)
