"""The two facts an officer's queue sorts by, kept on the case itself.

A queue lists cases chased since their last answer first, then by the soonest deadline.
Worked out from the timeline and the clocks for every row, that sort read each open case
of the department several times over before it could show the first 25: fine at 10,000
cases, a second and more at a million. So the case carries both:

- `chased_at`: the latest request for an update that no update or full response has
  answered since (an answer at the same moment or later answers it);
- `next_due_on`: the soonest due date of its running or overdue clocks.

`case_event_record` keeps `chased_at` and the charter's clock functions keep
`next_due_on`, in the same transaction as the change. Writers that bypass them (an import,
a rebuild, the demo data) call `queue_keys_refresh` for the cases they wrote; it works both
out again from the rows, set-based, and is the recount the tests compare against.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery

from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case, CaseEvent
from wardcase.charter.querysets import next_due_subquery

RESPONSE_KINDS = (EventKind.UPDATE, EventKind.FULL_RESPONSE)


def chased_at_subquery() -> Subquery:
    """As SQL: the case's latest chase with no update or full response at or after it."""
    answered = CaseEvent.objects.filter(
        case=OuterRef("case"), kind__in=RESPONSE_KINDS, created_at__gte=OuterRef("created_at")
    )
    unanswered = (
        CaseEvent.objects.filter(case=OuterRef("pk"), kind=EventKind.CHASE)
        .filter(~Exists(answered))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Subquery(unanswered)


def queue_keys_refresh(*, case_ids: Iterable[int] | None = None) -> int:
    """Work both keys out again from the timeline and the clocks, for the cases given (or
    every case): one UPDATE. Returns the number of cases updated."""
    cases = Case.objects.all() if case_ids is None else Case.objects.filter(pk__in=list(case_ids))
    return cases.update(chased_at=chased_at_subquery(), next_due_on=next_due_subquery())


def chased_at_after(*, case: Case, kind: str, at: datetime) -> tuple[bool, datetime | None]:
    """Whether an event of `kind` at `at` changes the case's `chased_at`, and to what."""
    if kind == EventKind.CHASE and (case.chased_at is None or at > case.chased_at):
        return True, at
    if kind in RESPONSE_KINDS and case.chased_at is not None and at >= case.chased_at:
        return True, None
    return False, case.chased_at
