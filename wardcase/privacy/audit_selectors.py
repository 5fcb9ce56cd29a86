"""Reads of the audit log, for the roles that answer for it."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from wardcase.audit.models import AuditEntry
from wardcase.cases.models import Case
from wardcase.core.errors import NotFound
from wardcase.permissions.audit import AUDIT_READER_ROLES, can_read_audit

__all__ = ["AUDIT_READER_ROLES", "case_history"]


def case_history(*, user, reference, date_from, date_to):
    """Who viewed or changed a case between two dates (inclusive, council time), oldest first.

    Raises NotFound if there is no such case, or the user may not read the audit log.
    """
    if not can_read_audit(user):
        raise NotFound("No case with that reference.")
    case = Case.objects.filter(reference=reference).only("pk", "reference").first()
    if case is None:
        raise NotFound("No case with that reference.")
    zone = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
    entries = (
        AuditEntry.objects.restrict(user, "view")
        .filter(case=case, at__gte=start, at__lt=end)
        .select_related("actor")
        .order_by("at", "id")
    )
    return case, entries
