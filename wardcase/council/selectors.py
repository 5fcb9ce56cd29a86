"""Reads for the Council settings pages, given the user: only administrators get anything."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from wardcase.accounts.models import User
from wardcase.cases.choices import Status
from wardcase.charter.models import CharterRule, ClosureDay
from wardcase.core.errors import ActionNotAllowed, NotFound
from wardcase.directory.models import Department, Directorate, Service
from wardcase.directory.permissions import can_configure_council
from wardcase.letters.models import LetterTemplate
from wardcase.mail.models import OutboxMessage
from wardcase.places.models import Ward

MODELS: dict[str, Any] = {
    "ward": Ward,
    "directorate": Directorate,
    "department": Department,
    "service": Service,
    "charter_rule": CharterRule,
    "closure_day": ClosureDay,
    "letter_template": LetterTemplate,
}


def _require(user: User) -> None:
    if not can_configure_council(user):
        raise ActionNotAllowed("Only administrators see the council's settings.")


def setting_get(*, kind: str, user: User, pk: int) -> Any:
    """One configured object of this kind; NotFound if there is none with that id."""
    _require(user)
    found = MODELS[kind].objects.filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such item.")
    return found


def wards(*, user: User) -> QuerySet[Ward]:
    _require(user)
    return Ward.objects.annotate(members_count=Count("members", distinct=True)).order_by("name")


def directorates(*, user: User) -> QuerySet[Directorate]:
    _require(user)
    return Directorate.objects.annotate(departments_count=Count("departments")).order_by("name")


def departments(*, user: User) -> QuerySet[Department]:
    _require(user)
    return (
        Department.objects.select_related("directorate", "head")
        .annotate(
            services_count=Count("services", filter=Q(services__active=True), distinct=True),
            open_cases=Count("cases", filter=~Q(cases__status=Status.CLOSED), distinct=True),
        )
        .order_by("name")
    )


def services(*, user: User, department_id: int | None = None) -> QuerySet[Service]:
    _require(user)
    found = Service.objects.select_related("department").annotate(cases_count=Count("cases"))
    if department_id:
        found = found.filter(department_id=department_id)
    return found.order_by("department__name", "name")


def charter_rules(*, user: User) -> list[CharterRule]:
    """Council-wide rules first, then directorates', then departments', each by name."""
    _require(user)
    rules = CharterRule.objects.select_related("directorate", "department")
    return sorted(
        rules,
        key=lambda r: (
            (r.department_id is not None) * 2 + (r.directorate_id is not None),
            str(r.department or r.directorate or ""),
            r.case_type,
        ),
    )


def closure_days(*, user: User) -> QuerySet[ClosureDay]:
    _require(user)
    return ClosureDay.objects.order_by("day")


def letter_templates(*, user: User) -> QuerySet[LetterTemplate]:
    _require(user)
    return LetterTemplate.objects.order_by("-active", "name")


def failed_emails(*, user: User) -> QuerySet[OutboxMessage]:
    """Emails that could not be sent, newest first: who to, which case, why. Subjects and
    bodies carry case content, which administrators do not see, so they are left out."""
    _require(user)
    return (
        OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED)
        .select_related("case")
        .only("to", "attempts", "last_error", "created_at", "case__reference")
        .order_by("-created_at", "-id")
    )
