"""Throttling requests for a password reset link, per address and per network address.

The count is kept in the audit log (every request is audited anyway), so it holds across
every web process without a shared cache and survives a restart; no new dependency.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wardcase.audit.models import AuditEntry
from wardcase.audit.services import audit_record

WINDOW = timedelta(hours=1)
LIMIT_PER_ADDRESS = 3
LIMIT_PER_IP = 10
REQUESTED = "password_reset.requested"


def _address_key(email):
    # A hash, so the audit log does not collect addresses that belong to nobody here.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@transaction.atomic
def password_reset_request_allowed(*, email, ip):
    """Record a request for a reset link; False if this address or this network address
    asked too often in the last hour (then no email goes). The answer is the same whether
    or not the address belongs to anyone."""
    key = _address_key(email)
    recent = AuditEntry.objects.filter(action=REQUESTED, at__gte=timezone.now() - WINDOW)
    too_many = (
        recent.filter(detail__address=key).count() >= LIMIT_PER_ADDRESS
        or recent.filter(detail__ip=ip or "").count() >= LIMIT_PER_IP
    )
    if too_many:
        audit_record(actor=None, action="password_reset.throttled", address=key, ip=ip or "")
        return False
    audit_record(actor=None, action=REQUESTED, address=key, ip=ip or "")
    return True
