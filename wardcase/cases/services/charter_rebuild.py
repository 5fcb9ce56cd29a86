"""Rebuilding clocks from a case's timeline: for cases logged before the charter engine,
after a council changes its charter, and for the back-dated demo.

The timeline is replayed through the same functions the services call, then any clock
already past its dates is marked as the sweep would have, without sending anything now.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case, CaseEvent
from wardcase.cases.services.queue_keys import queue_keys_refresh
from wardcase.cases.services.report_rollup import rollup_mark_stale
from wardcase.charter import clocks
from wardcase.charter.models import Clock

State = Clock.State
SENT_BACK = object()


def _replay(case: Case, events: Iterable[CaseEvent]) -> None:
    lead: object = None
    acknowledged = responded = False
    case.responded_at = None  # as it stood before the replay reaches each response
    for event in events:
        at, kind = event.created_at, event.kind
        if kind == EventKind.ASSIGNED:
            new_lead = event.data.get("lead_officer_id", event.data.get("lead_officer"))
            if lead is None:
                clocks.clocks_on_assignment(case, at, restart=False)
            elif new_lead != lead and not acknowledged:
                clocks.clocks_on_assignment(case, at, restart=True)
            lead = new_lead
        elif kind == EventKind.SENT_BACK:
            lead = SENT_BACK  # the next assignment is to a new lead, as case_assign sees it
        elif kind == EventKind.ACKNOWLEDGED:
            acknowledged = True
            clocks.clocks_on_acknowledged(case, at)
        elif kind in {EventKind.UPDATE, EventKind.FULL_RESPONSE}:
            full = kind == EventKind.FULL_RESPONSE
            acknowledged = True
            clocks.clocks_on_officer_entry(case, at, full_response=full)
            if full and not responded:
                responded, case.responded_at = True, at
        elif kind == EventKind.LETTER_SENT:
            clocks.clocks_on_written_update(case, at)
        elif kind == EventKind.CLOSURE_PROPOSED:
            clocks.clocks_on_closure_proposed(case, at)
        elif kind == EventKind.CLOSURE_DECLINED:
            clocks.clocks_on_closure_declined(case, at)
        elif kind == EventKind.CLOSED:
            clocks.clocks_on_closed(case, at)
        elif kind == EventKind.REOPENED:
            clocks.clocks_on_reopened(case, at)
        elif kind == EventKind.PAUSED:
            clocks.clocks_pause(case, at)
        elif kind == EventKind.RESUMED:
            clocks.clocks_resume(case, at)


def _mark_past_as_swept(case_ids: Sequence[int], today: date) -> None:
    """Overdue clocks are breached, reminded and escalated as of their own dates."""
    past = Clock.objects.filter(case_id__in=case_ids)
    for clock in past.filter(state=State.RUNNING, remind_on__lte=today):
        clock.reminded_at = _noon(clock.remind_on)
        if clock.due_on < today:
            clock.state = State.BREACHED
            clock.breached_at = _noon(clocks.overdue_since(clock))
        if clock.escalate_after < today and clock.state == State.BREACHED:
            clock.escalated_at = _noon(clock.escalate_after)
        clock.save(update_fields=["reminded_at", "state", "breached_at", "escalated_at"])


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def rebuild_clocks(*, case_ids: Sequence[int]) -> int:
    """Replace the clocks of these cases with ones replayed from their timelines."""
    Clock.objects.filter(case_id__in=case_ids).delete()
    cases = Case.objects.filter(pk__in=case_ids).prefetch_related("events")
    for case in cases:
        responded_at = case.responded_at
        events = sorted(case.events.all(), key=lambda e: (e.created_at, e.pk))
        _replay(case, events)
        case.responded_at = responded_at
        Case.objects.filter(pk=case.pk).update(
            **{name: getattr(case, name) for name in clocks.sync_case_dates(case)}
        )
    _mark_past_as_swept(case_ids, timezone.localdate())
    queue_keys_refresh(case_ids=case_ids)
    rollup_mark_stale(case_ids=case_ids)
    return len(case_ids)


def rebuild_open_cases(*, batch_size: int = 500) -> int:
    """Rebuild the clocks of every case not closed, in batches. Returns how many."""
    from wardcase.cases.choices import Status

    ids = list(Case.objects.exclude(status=Status.CLOSED).values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        rebuild_clocks(case_ids=ids[start : start + batch_size])
    return len(ids)
