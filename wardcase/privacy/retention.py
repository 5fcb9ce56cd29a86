"""The retention sweep: anonymise closed cases once the council's schedule says so."""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wardcase.audit.services import audit_record
from wardcase.cases.choices import Status
from wardcase.cases.models import Case
from wardcase.charter.sla import add_months
from wardcase.core.locks import command_lock
from wardcase.directory.models import Council
from wardcase.privacy.anonymise import anonymise_cases_and_people
from wardcase.privacy.models import (
    DEFAULT_ANONYMISE_AFTER_MONTHS,
    AnonymisedCase,
    RetentionPolicy,
)

BATCH_SIZE = 1000
COUNT_KEYS = ("cases", "events", "attachments", "messages", "constituents")


def retention_months(council: Council) -> int:
    """The council's schedule, or the default of two years when none is set."""
    policy = RetentionPolicy.objects.filter(council=council).first()
    return policy.anonymise_after_months if policy else DEFAULT_ANONYMISE_AFTER_MONTHS


def cases_due_for_anonymising(*, at: datetime) -> QuerySet[Case, int]:
    """The ids of closed cases past their council's retention period and not yet
    anonymised."""
    due = Q(pk__in=[])
    for council in Council.objects.all():
        cutoff = add_months(at, -retention_months(council))
        due |= Q(service__department__council=council, closed_at__lte=cutoff)
    return (
        Case.objects.filter(due, status=Status.CLOSED)
        .exclude(Exists(AnonymisedCase.objects.filter(case_id=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )


def retention_sweep(*, at=None):
    """Anonymise every case due at `at` (default now). Returns the counts, or None if another
    run holds the lock. Idempotent: a second run finds nothing left to do.

    Cases go in batches, each its own transaction of bulk UPDATEs: statements stay within
    the databases' parameter limits, and a sweep stopped half way keeps what it did.
    """
    at = at or timezone.now()
    with command_lock("retention_sweep") as taken:
        if not taken:
            return None
        due = list(cases_due_for_anonymising(at=at))
        totals = Counter(dict.fromkeys(COUNT_KEYS, 0))
        for start in range(0, len(due), BATCH_SIZE):
            with transaction.atomic():
                totals.update(
                    anonymise_cases_and_people(
                        case_ids=due[start : start + BATCH_SIZE],
                        at=at,
                        reason=AnonymisedCase.Reason.RETENTION,
                    )
                )
        counts = dict(totals)
        audit_record(actor=None, action="privacy.retention_sweep", at=at.isoformat(), **counts)
    return counts
