"""Writes for privacy work: subject access, rectification, erasure and handover.

Each checks the user may act, writes the audit entry (and the timeline entry where a case
changes) in one transaction, as the case services do.
"""

from wardcase.privacy.services.access import (
    access_request_export,
    access_request_fulfil,
    access_request_open,
    councillor_export,
)
from wardcase.privacy.services.handover import cases_hand_over
from wardcase.privacy.services.people import constituent_erase, constituent_rectify
from wardcase.privacy.services.retention import retention_due_now, retention_policy_set

__all__ = [
    "access_request_export",
    "access_request_fulfil",
    "access_request_open",
    "cases_hand_over",
    "constituent_erase",
    "constituent_rectify",
    "councillor_export",
    "retention_due_now",
    "retention_policy_set",
]
