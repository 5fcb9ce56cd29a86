"""Writes to the directory: loading a council from a file and the default glossary
(`loading`), and the administrator's changes from the Council settings pages (`changes`,
`departments`)."""

from wardcase.directory.services.changes import (
    NAME_MAX,
    council_follow_up_set,
    directorate_create,
    directorate_delete,
    directorate_in_use,
    directorate_update,
    the_council,
    ward_create,
    ward_update,
)
from wardcase.directory.services.departments import (
    department_create,
    department_delete,
    department_in_use,
    department_open_work,
    department_set_active,
    department_update,
    service_create,
    service_delete,
    service_set_active,
    service_update,
)
from wardcase.directory.services.loading import (
    GLOSSARY_PATH,
    KINDS,
    LoadSummary,
    Tally,
    council_load,
    glossary_aliases,
    glossary_load,
    glossary_read,
)
from wardcase.directory.services.loading_users import (
    ADMINISTRATOR_PERMISSIONS,
    ADMINISTRATORS_GROUP,
)

__all__ = [
    "council_follow_up_set",
    "ADMINISTRATORS_GROUP",
    "ADMINISTRATOR_PERMISSIONS",
    "GLOSSARY_PATH",
    "KINDS",
    "LoadSummary",
    "NAME_MAX",
    "Tally",
    "council_load",
    "department_create",
    "department_delete",
    "department_in_use",
    "department_open_work",
    "department_set_active",
    "department_update",
    "directorate_create",
    "directorate_delete",
    "directorate_in_use",
    "directorate_update",
    "glossary_aliases",
    "glossary_load",
    "glossary_read",
    "service_create",
    "service_delete",
    "service_set_active",
    "service_update",
    "the_council",
    "ward_create",
    "ward_update",
]
