"""Who may search: every case role. Administrators see no case content, so never search."""

from wardcase.accounts.models import Role

CASE_ROLES = [
    Role.COUNCILLOR,
    Role.CASEWORKER,
    Role.COORDINATOR,
    Role.OFFICER,
    Role.HEAD_OF_SERVICE,
]
