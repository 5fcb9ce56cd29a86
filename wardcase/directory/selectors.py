"""Reads of the council's directory that other apps share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from wardcase.directory.models import Department

if TYPE_CHECKING:
    from wardcase.accounts.models import User


def departments_headed_by(*, user: User) -> QuerySet[Department]:
    """The departments a head of service runs: those naming them as head, and their own.

    A lazy queryset, usable as a subquery (`.values("pk")`) inside another query. Rules
    ask `wardcase.permissions.grants.departments_run_by`, which reads it once per request.
    """
    runs = Q(head_id=user.pk)
    if user.department_id:
        runs |= Q(pk=user.department_id)
    return Department.objects.filter(runs)
