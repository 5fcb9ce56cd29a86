"""Moving's reads: the imports started from the Council settings page, for administrators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from wardcase.accounts.permissions import is_active_administrator
from wardcase.core.errors import ActionNotAllowed, NotFound
from wardcase.moving.models import CaseImport

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wardcase.accounts.models import User


def case_import_get(*, user: User, pk: int) -> CaseImport:
    """An import, for an administrator; NotFound for anyone else."""
    if not is_active_administrator(user):
        raise NotFound(_("No such import."))
    try:
        return CaseImport.objects.get(pk=pk)
    except CaseImport.DoesNotExist as exc:
        raise NotFound(_("No such import.")) from exc


def case_imports_recent(*, user: User, limit: int = 20) -> QuerySet[CaseImport]:
    """The latest imports, newest first, for an administrator."""
    if not is_active_administrator(user):
        raise ActionNotAllowed(_("Only administrators can import cases."))
    return CaseImport.objects.select_related("created_by")[:limit]
