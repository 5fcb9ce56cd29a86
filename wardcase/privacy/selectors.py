"""Reads for privacy work. Each takes the user and returns nothing to those not allowed."""

from typing import TypeVar

from django.db.models import Count, Model, Q, QuerySet

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import Status
from wardcase.cases.models import Case
from wardcase.constituents.models import Constituent
from wardcase.core.errors import NotFound
from wardcase.permissions.privacy import can_handle_privacy
from wardcase.privacy.models import SubjectAccessRequest

SEARCH_LIMIT = 50
BIGGEST_ID = 2**63 - 1
M = TypeVar("M", bound=Model)


def _as_id(value: object) -> int | None:
    """`value` as a primary key, or None when it cannot be one ("abc", "null", a number too
    big for the database): such an id names nothing, so it is not found rather than an
    error."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= BIGGEST_ID else None


def _by_id(queryset: QuerySet[M], pk: object) -> M | None:
    """The row of `queryset` whose primary key is `pk`, or None (an id that cannot be one
    asks the database nothing)."""
    number = _as_id(pk)
    return None if number is None else queryset.filter(pk=number).first()


def constituent_search(*, user: User, query: str | None) -> QuerySet[Constituent]:
    """Constituents (not yet anonymised) whose name, email or postcode matches the query."""
    query = (query or "").strip()
    if not can_handle_privacy(user) or len(query) < 2:
        return Constituent.objects.none()
    return (
        Constituent.objects.filter(anonymised_at__isnull=True)
        .filter(
            Q(name__icontains=query)
            | Q(email__iexact=query)
            | Q(postcode__istartswith=query.upper())
        )
        .annotate(case_count=Count("cases"))
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )


def constituent_get(*, user: User, pk: object) -> Constituent:
    if not can_handle_privacy(user):
        raise NotFound("No such constituent.")
    constituent = _by_id(Constituent.objects.all(), pk)
    if constituent is None:
        raise NotFound("No such constituent.")
    return constituent


def constituent_cases(*, user: User, constituent: Constituent) -> QuerySet[Case]:
    if not can_handle_privacy(user):
        return Case.objects.none()
    return constituent.cases.select_related("owner", "service").order_by("-created_at")


def open_access_requests(*, user: User) -> QuerySet[SubjectAccessRequest]:
    """Requests not yet fulfilled, soonest due first."""
    if not can_handle_privacy(user):
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.filter(fulfilled_at__isnull=True).select_related(
        "constituent", "received_by"
    )


def access_request_get(*, user: User, pk: object) -> SubjectAccessRequest:
    if not can_handle_privacy(user):
        raise NotFound("No such request.")
    request = _by_id(SubjectAccessRequest.objects.select_related("constituent"), pk)
    if request is None:
        raise NotFound("No such request.")
    return request


def councillors(*, user: User) -> QuerySet[User]:
    """Councillors (active or not: a departing one may already be switched off)."""
    if not can_handle_privacy(user):
        return User.objects.none()
    return User.objects.filter(role=Role.COUNCILLOR).annotate(
        open_cases=Count("owned_cases", filter=~Q(owned_cases__status=Status.CLOSED))
    )


def councillor_get(*, user: User, pk: object) -> User:
    councillor = _by_id(councillors(user=user), pk)
    if councillor is None:
        raise NotFound("No such councillor.")
    return councillor


def councillor_open_cases(*, user: User, councillor: User) -> QuerySet[Case]:
    if not can_handle_privacy(user):
        return Case.objects.none()
    return (
        Case.objects.filter(owner=councillor)
        .exclude(status=Status.CLOSED)
        .select_related("constituent", "service")
        .order_by("reference")
    )
