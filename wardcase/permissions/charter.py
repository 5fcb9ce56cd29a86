"""Who may pause a case's clocks, restart them, ask for more time, and agree it.

Whether a case has an open pause or an extension waiting is a fact of the case, not of the
user: `with_charter_facts` reads both into the case's own query (the case page's), so the
predicates ask nothing more; for a case loaded without them (a service's locked copy) the
predicate asks the database, so it never answers from a stale copy.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Exists, OuterRef, QuerySet

from wardcase.charter.models import Extension, Pause
from wardcase.permissions.case_actions import on_case
from wardcase.permissions.visibility import works_on_case


def _open_pause_q():
    return Pause.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)


def _pending_extension_q():
    return Extension.objects.filter(clock__case=OuterRef("pk"), decision="pending")


def with_charter_facts(queryset: QuerySet) -> QuerySet:
    """Cases annotated with whether they have an open pause and a pending extension."""
    return queryset.annotate(
        wc_has_open_pause=Exists(_open_pause_q()),
        wc_has_pending_extension=Exists(_pending_extension_q()),
    )


def _fact(case: Any, name: str, query: QuerySet) -> bool:
    if name in case.__dict__:
        return bool(case.__dict__[name])
    return query.exists()


def has_open_pause(case: Any) -> bool:
    return _fact(case, "wc_has_open_pause", Pause.objects.filter(case=case, ended_at__isnull=True))


def has_pending_extension(case: Any) -> bool:
    pending = Extension.objects.filter(clock__case=case, decision="pending")
    return _fact(case, "wc_has_pending_extension", pending)


@rules.predicate
def can_pause(user: Any, case: Any) -> bool:
    """Either side may stop the clocks while it waits for information from the other."""
    return (
        case.is_open
        and case.assigned_at is not None
        and on_case(user, case)
        and not has_open_pause(case)
    )


@rules.predicate
def can_resume(user: Any, case: Any) -> bool:
    return case.is_open and on_case(user, case) and has_open_pause(case)


@rules.predicate
def can_request_extension(user: Any, case: Any) -> bool:
    return case.is_open and case.assigned_at is not None and works_on_case(user, case)


@rules.predicate
def can_decide_extension(user: Any, case: Any) -> bool:
    """Only the owning councillor agrees more time: not a caseworker, not a deputy, not an
    officer."""
    return case.is_open and user.pk == case.owner_id and has_pending_extension(case)
