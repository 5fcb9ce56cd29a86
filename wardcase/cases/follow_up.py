"""The follow-up window: how long after closing an emailed reply still belongs to a case.

Within it (the council's `follow_up_working_days`, counted in its working calendar from
the day the case closed) a reply lands on the closed case and its councillor is offered
reopening; after it, the reply starts a draft new case linked to the old one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from wardcase.charter import clocks
from wardcase.directory.models import DEFAULT_FOLLOW_UP_WORKING_DAYS, Council

if TYPE_CHECKING:
    from wardcase.cases.models import Case


def follow_up_working_days() -> int:
    """The council's follow-up window in working days (the default before one is set)."""
    days = Council.objects.values_list("follow_up_working_days", flat=True).first()
    return DEFAULT_FOLLOW_UP_WORKING_DAYS if days is None else days


def follow_up_ends(*, case: Case) -> date | None:
    """The last day a reply to the closed case lands on it; None while it is open."""
    if case.closed_at is None:
        return None
    closed = timezone.localdate(case.closed_at)
    calendar = clocks.council_calendar(closed.year, closed.year + 1)
    return calendar.add_working_days(closed, follow_up_working_days())


def in_follow_up_window(*, case: Case, at: datetime) -> bool:
    """Whether something received at `at` is within the closed case's follow-up window."""
    ends = follow_up_ends(case=case)
    return ends is not None and timezone.localdate(at) <= ends
