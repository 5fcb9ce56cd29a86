"""Writes to cases. Web views, the API, email and commands all call these.

Each service checks the user may act, changes the case, appends a timeline event,
writes the audit entry and queues notifications, all in one transaction.


The building blocks below them (`case_lock_for_update`, `case_event_record`,
`case_save_fields`, `case_attachments_store`, `case_action_require`) are public too, for
the other apps that write to a case's timeline: letters, inbound email and privacy.
"""

from wardcase.cases.services._base import (
    case_action_require,
    case_attachments_store,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.cases.services.charter import (
    case_decide_extension,
    case_pause,
    case_request_extension,
    case_resume,
)
from wardcase.cases.services.chasing import case_chase, case_chase_recent
from wardcase.cases.services.closure import case_close, case_decline_closure, case_reopen
from wardcase.cases.services.intake import case_attach, case_create, case_update_details
from wardcase.cases.services.queue_keys import queue_keys_refresh
from wardcase.cases.services.report_rollup import reports_rollup_refresh, rollup_mark_stale
from wardcase.cases.services.routing import (
    case_acknowledge,
    case_add_event,
    case_assign,
    case_propose_closure,
    case_send_back,
)
from wardcase.cases.services.surgeries import surgery_open

__all__ = [
    "queue_keys_refresh",
    "reports_rollup_refresh",
    "rollup_mark_stale",
    "case_acknowledge",
    "case_action_require",
    "case_add_event",
    "case_assign",
    "case_attach",
    "case_attachments_store",
    "case_chase",
    "case_chase_recent",
    "case_close",
    "case_create",
    "case_decide_extension",
    "case_decline_closure",
    "case_event_record",
    "case_lock_for_update",
    "case_pause",
    "case_request_extension",
    "case_resume",
    "case_propose_closure",
    "case_reopen",
    "case_save_fields",
    "case_send_back",
    "case_update_details",
    "surgery_open",
]
