"""Web views of cases, one module per responsibility."""

from wardcase.cases.views.attachments import attachment_download
from wardcase.cases.views.case_actions import (
    case_acknowledge,
    case_add_event,
    case_assign,
    case_attach,
    case_chase,
    case_close,
    case_decline_closure,
    case_propose_closure,
    case_reopen,
    case_send_back,
)
from wardcase.cases.views.case_create import case_create, case_people
from wardcase.cases.views.case_detail import case_detail
from wardcase.cases.views.case_edit import case_edit
from wardcase.cases.views.dashboard import home
from wardcase.cases.views.pages import accessibility, help_index, help_role
from wardcase.cases.views.surgeries import surgery_detail, surgery_list

__all__ = [
    "accessibility",
    "attachment_download",
    "case_acknowledge",
    "case_add_event",
    "case_assign",
    "case_attach",
    "case_chase",
    "case_close",
    "case_create",
    "case_people",
    "case_detail",
    "case_edit",
    "case_propose_closure",
    "case_decline_closure",
    "case_reopen",
    "case_send_back",
    "help_index",
    "help_role",
    "home",
    "surgery_detail",
    "surgery_list",
]
