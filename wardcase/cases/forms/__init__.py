"""Web forms for the case journey. They collect and check input; the services decide."""

from wardcase.cases.forms.actions import (
    AcknowledgeForm,
    AssignForm,
    AttachForm,
    CloseForm,
    DeclineClosureForm,
    EntryForm,
    ProposeClosureForm,
    ReopenForm,
    SendBackForm,
    entry_kinds,
)
from wardcase.cases.forms.case import DETAIL_FIELDS, CaseCreateForm, CaseEditForm
from wardcase.cases.forms.fields import ask_to_reattach_files
from wardcase.cases.forms.surgery import SurgeryForm

__all__ = [
    "DETAIL_FIELDS",
    "AcknowledgeForm",
    "AssignForm",
    "AttachForm",
    "CaseCreateForm",
    "CaseEditForm",
    "CloseForm",
    "DeclineClosureForm",
    "EntryForm",
    "ProposeClosureForm",
    "ReopenForm",
    "SendBackForm",
    "SurgeryForm",
    "ask_to_reattach_files",
    "entry_kinds",
]
