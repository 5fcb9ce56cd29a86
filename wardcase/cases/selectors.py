"""Reads of cases. Every selector takes the user and narrows to what they may see first."""

from collections.abc import Mapping
from typing import Any, cast

from django.db import models
from django.db.models import (
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import OPEN_STATUSES, EventKind, Visibility
from wardcase.cases.models import Attachment, Case, CaseEvent, Surgery
from wardcase.cases.orders import DEADLINE_ORDER, QUEUE_ORDER, TRIAGE_ORDER
from wardcase.charter.querysets import LIST_CLOCK_FIELDS, live_clocks_prefetch
from wardcase.core.errors import NotFound
from wardcase.directory.models import Department
from wardcase.permissions.charter import with_charter_facts
from wardcase.permissions.visibility import (
    can_see_contact_details,
    can_see_internal,
    closing_councillor_ids,
    councillors_user_may_log_for,
    own_desk_q,
)

RESPONSE_KINDS = [EventKind.UPDATE, EventKind.FULL_RESPONSE]
# The home page's "Ready to close" and the API's ?ready_to_close=true: oldest proposal first.
READY_TO_CLOSE = {"status": "open", "to_close": True, "ordering": "closure_proposed_at"}


def visible_cases(*, user: User) -> QuerySet[Case]:
    """The queryset of every case the user may see."""
    return Case.objects.restrict(user, "view")


def case_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Case]:
    """Which cases a list shows, in its order: those the user may see, filtered.

    A list counts and pages this (by id, `IdsFirstPaginator`); the page's rows are then
    read by key with what they show, `case_list_rows` for a page's table and
    `case_summary_rows` for the API."""
    filters = filters or {}
    queryset = visible_cases(user=user)
    status = filters.get("status")
    if status == "open":
        # `IN` the open statuses, not "not closed": each branch of the visibility filter
        # then reads only open cases through its `(column, status)` index.
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    # Cases an officer proposes to close that this user may close: theirs to decide,
    # listed apart from the rest (True) or left out of the rest (False).
    if filters.get("to_close") is not None:
        ready = Q(closure_proposed_at__isnull=False, owner__in=closing_councillor_ids(user=user))
        queryset = queryset.filter(ready) if filters["to_close"] else queryset.exclude(ready)
    if filters.get("own_desk") and user.role == Role.COUNCILLOR:
        queryset = queryset.filter(own_desk_q(user))
    if filters.get("unassigned"):
        queryset = queryset.filter(department__isnull=True)
    elif filters.get("unassigned") is False:
        queryset = queryset.filter(department__isnull=False)
    if filters.get("owner"):
        queryset = queryset.filter(owner=filters["owner"])
    if filters.get("lead_officer"):
        queryset = queryset.filter(lead_officer=filters["lead_officer"])
    ordering = filters.get("ordering") or "-created_at"
    if ordering == "queue":
        # An officer's queue: cases chased since the last answer first, marked, then by
        # the soonest deadline; both kept on the case (wardcase.cases.services.queue_keys).
        return queryset.annotate(wc_chased=_chased()).order_by(*QUEUE_ORDER)
    if ordering == "next_deadline":
        return queryset.order_by(*DEADLINE_ORDER)
    if ordering == "triage":
        return queryset.order_by(*TRIAGE_ORDER)
    return queryset.order_by(ordering)


# What a list's row shows of a case (wardcase.cases.case_table) and what its chase and
# close rules ask, and of the records beside it.
LIST_ROW_FIELDS = (
    "reference",
    "subject",
    "status",
    "priority",
    "created_at",
    "closure_proposed_at",
    "owner",
    "owner__name",
    "owner__username",
    "constituent",
    "constituent__name",
    "service",
    "service__name",
    "ward",
    "ward__name",
)


def case_list_rows(*, ids: list[int], filters: Mapping[str, Any] | None = None) -> QuerySet[Case]:
    """One page of a case list, by the ids `case_list(filters=filters)` chose, with what
    its rows show (in an officer's queue, whether each was chased, as it is sorted).

    The ids come from the user's own `case_list`, so the visibility filter is not asked a
    second time: with it, PostgreSQL planned the councillor's 900 shared case ids and
    seven joined tables again to fetch 25 rows by their keys. Only the columns a row
    shows are read, and only the tables it names are joined."""
    latest_response = CaseEvent.objects.filter(
        case=OuterRef("pk"), kind__in=RESPONSE_KINDS
    ).order_by("-created_at", "-id")
    queryset = (
        Case.objects.filter(pk__in=ids)
        .select_related("owner", "constituent", "service", "ward")
        .only(*LIST_ROW_FIELDS)
        .prefetch_related(live_clocks_prefetch(fields=LIST_CLOCK_FIELDS))
        .annotate(
            latest_response_body=Subquery(latest_response.values("body")[:1]),
            latest_response_at=Subquery(latest_response.values("created_at")[:1]),
        )
    )
    queue = (filters or {}).get("ordering") == "queue"
    return queryset.annotate(wc_chased=_chased()) if queue else queryset


def case_summary_rows(*, ids: list[int]) -> list[Case]:
    """One page of the API's case list, by the ids `case_list` chose: each case with the
    people, places and next deadline its summary names (the people read beside the
    cases, as `case_get` reads them)."""
    cases = list(
        Case.objects.filter(pk__in=ids)
        .select_related(*CASE_RELATED)
        .prefetch_related(live_clocks_prefetch())
    )
    _attach_people(cases, ("owner", "lead_officer"))
    return cases


def _chased() -> ExpressionWrapper[Q]:
    """`wc_chased`: the councillor's side asked for an update not given since."""
    return ExpressionWrapper(Q(chased_at__isnull=False), output_field=models.BooleanField())


# What the case page shows of a case: joined to it...
CASE_RELATED = ("service", "department", "constituent", "ward")
# ...and its people, read in one more query (see _attach_people).
CASE_PEOPLE = ("owner", "lead_officer", "created_by", "consent_recorded_by")


def case_get(*, user: User, reference: str, for_update: bool = False) -> Case:
    """One case the user may see, or NotFound (whether it exists or not).

    Read in two steps: whether the user may see it (the visibility filter alone, which
    holds the ids of every case shared with the user), then the case by its key with what
    the page shows. As one query, PostgreSQL planned that filter across nine joined
    tables for longer than the query ran: over 20 ms at a million cases."""
    visible = visible_cases(user=user).filter(reference=reference)
    if for_update:
        queryset = visible.select_related(*CASE_RELATED).select_for_update(of=("self",))
        case = queryset.first()
    else:
        pk = visible.values_list("pk", flat=True).first()
        # The case page's pause and extension panels ask these: read with the case.
        queryset = with_charter_facts(Case.objects.select_related(*CASE_RELATED))
        case = None if pk is None else queryset.filter(pk=pk).first()
    if case is None:
        raise NotFound("No case with that reference.")
    _attach_people([case], CASE_PEOPLE)
    return case


def _attach_people(cases: list[Case], names: tuple[str, ...]) -> None:
    """The cases' users named (owner, lead officer, who logged it, who recorded
    consent), read in one query and set on each case as if joined.

    Joined with the rest, the four copies of the users table took PostgreSQL 3-7 ms to
    plan for one row at a million cases (the search for a join order grows with every
    table); without them the case plans in under half a millisecond."""
    fields = [cast("models.ForeignKey[Any, Any]", Case._meta.get_field(n)) for n in names]
    ids = {getattr(case, field.attname) for case in cases for field in fields} - {None}
    users = User.objects.in_bulk(ids) if ids else {}
    for case in cases:
        for field in fields:
            field.set_cached_value(case, users.get(getattr(case, field.attname)))


def _letters_withheld(user: User, case: Case) -> bool:
    """A generated letter carries the constituent's address: it is withheld wherever the
    constituent's contact details are (from officers, without their consent)."""
    return not can_see_contact_details(user, case)


def case_timeline(*, user: User, case: Case) -> QuerySet[CaseEvent]:
    """The timeline events of a case the user may see, oldest first."""
    files = Attachment.objects.all()
    if _letters_withheld(user, case):
        files = files.exclude(event__kind=EventKind.LETTER)
    events = (
        CaseEvent.objects.restrict(user, "view")
        .filter(case=case)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=files))
    )
    return events.order_by("created_at", "id")


def case_attachment_get(
    *, user: User, reference: str, attachment_id: int | str
) -> tuple[Case, Attachment]:
    case = case_get(user=user, reference=reference)
    # A file removed by retention or erasure keeps its row but has nothing to download.
    attachment = case.attachments.filter(pk=attachment_id).exclude(file="").first()
    if attachment is None:
        raise NotFound("No such attachment on this case.")
    event = attachment.event
    internal = event is not None and event.visibility == Visibility.INTERNAL
    if internal and not can_see_internal(user, case):
        raise NotFound("No such attachment on this case.")
    letter = event is not None and event.kind == EventKind.LETTER
    if letter and _letters_withheld(user, case):
        raise NotFound("No such attachment on this case.")
    return case, attachment


def _first(department_field: str, department_id: int | None) -> models.Case:
    """0 for rows of the department to list first, 1 for the rest."""
    return models.Case(
        When(**{department_field: department_id}, then=Value(0)),
        default=Value(1),
        output_field=models.IntegerField(),
    )


def assignable_officers(
    *, department: Department | None = None, first_department_id: int | None = None
) -> QuerySet[User]:
    """Officers and heads of service a case can be assigned to; with
    `first_department_id`, that department's officers first (the case's service's)."""

    queryset = User.objects.filter(
        role__in=[Role.OFFICER, Role.HEAD_OF_SERVICE], is_active=True
    ).select_related("department")
    if department is not None:
        queryset = queryset.filter(department=department)
    if first_department_id is not None:
        queryset = queryset.alias(wc_first=_first("department_id", first_department_id))
        return queryset.order_by("wc_first", "department__name", "name")
    return queryset.order_by("department__name", "name")


def departments_first(
    *, queryset: QuerySet[Department], first_department_id: int | None = None
) -> QuerySet[Department]:
    """Departments by name, the one given first (a new case's service's department)."""
    if first_department_id is None:
        return queryset.order_by("name")
    return queryset.alias(wc_first=_first("pk", first_department_id)).order_by("wc_first", "name")


def surgeries_for(*, user: User) -> QuerySet[Surgery]:
    """The surgeries of the councillors the user logs cases for, newest first, each with
    `case_count`: the cases logged at it (counted whoever may see them, no content)."""
    return (
        Surgery.objects.filter(councillor__in=councillors_user_may_log_for(user))
        .select_related("councillor")
        .annotate(case_count=models.Count("cases"))
    )


def surgery_get(*, user: User, pk: int | str) -> Surgery:
    """One surgery of a councillor the user logs cases for, or NotFound."""
    surgery = surgeries_for(user=user).filter(pk=pk).first()
    if surgery is None:
        raise NotFound("No such surgery.")
    return surgery


def surgery_cases(*, user: User, surgery: Surgery) -> QuerySet[Case]:
    """The cases logged at a surgery that the user may see, in the order they were logged."""
    return (
        visible_cases(user=user)
        .filter(surgery=surgery)
        .select_related("constituent", "service")
        .order_by("created_at", "pk")
    )
