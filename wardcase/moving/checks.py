"""Checking each row of a case file against the council's directory, before anything is
written.

Services, departments, councillors and officers are looked up once into dictionaries, by
name and by username, case-insensitively; a near miss is answered with rapidfuzz's
closest name ("did you mean ...?"). Each row becomes a `CheckedRow` with everything the
writer needs, or a list of problems, each with its line and column.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from wardcase.accounts.models import Role, User
from wardcase.cases.choices import Outcome
from wardcase.constituents.matching import safe_postcode
from wardcase.directory.models import Department, Service
from wardcase.moving.dates import parse_day
from wardcase.moving.reading import Cell

DID_YOU_MEAN_SCORE = 80
LENGTHS = {"reference": 100, "subject": 200, "constituent_name": 200, "phone": 30}
OFFICER_ROLES = (Role.OFFICER, Role.HEAD_OF_SERVICE)

T = TypeVar("T")
Report = Callable[[str, str], None]  # (column, message): records a row's problem


@dataclass
class RowProblem:
    """Why a row was rejected: its line in the file, the column, and what is wrong."""

    line: int
    column: str
    message: str
    reference: str = ""


@dataclass(slots=True)
class CheckedRow:
    """A valid row, resolved to ids and council-time datetimes."""

    line: int
    legacy_reference: str
    logged_at: datetime
    owner_id: int
    ward_id: int | None
    person: dict[str, str]  # the constituent's name, address, postcode, email, phone
    subject: str
    description: str
    service_id: int
    department_id: int | None
    lead_officer_id: int | None
    closed: bool
    acknowledged_at: datetime | None
    responded_at: datetime | None
    closed_at: datetime | None
    outcome: str
    notes: str


def at_noon(day: date) -> datetime:
    """A day from the old system as a time in council time: its dates carry no hour."""
    return timezone.make_aware(datetime.combine(day, time(12)))


class _Names(Generic[T]):
    """Things looked up by name (and username), case-insensitively, with near misses."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.by_key: dict[str, list[T]] = {}
        self.display: dict[str, str] = {}

    def add(self, key: str, thing: T) -> None:
        self.by_key.setdefault(key.strip().lower(), []).append(thing)
        self.display.setdefault(key.strip().lower(), key.strip())

    def find(self, text: str) -> tuple[list[T], str | None]:
        """(matches, problem message)."""
        found = self.by_key.get(text.strip().lower())
        if found:
            return found, None
        message = _("unknown %(what)s “%(text)s”") % {"what": self.what, "text": text}
        near = process.extractOne(
            text.strip().lower(),
            list(self.by_key),
            scorer=fuzz.WRatio,
            score_cutoff=DID_YOU_MEAN_SCORE,
        )
        if near:
            message += " - " + _("did you mean “%(name)s”?") % {"name": self.display[near[0]]}
        return [], message


@dataclass
class Directory:
    """The council's services, departments and people, read once for a whole file."""

    services: _Names[Service] = field(default_factory=lambda: _Names(_("service")))
    departments: _Names[Department] = field(default_factory=lambda: _Names(_("department")))
    councillors: _Names[User] = field(default_factory=lambda: _Names(_("councillor")))
    officers: _Names[User] = field(default_factory=lambda: _Names(_("officer")))
    directorate_of: dict[int, int | None] = field(default_factory=dict)  # department's

    @classmethod
    def load(cls) -> "Directory":
        directory = cls()
        for service in Service.objects.only("pk", "name", "department_id"):
            directory.services.add(service.name, service)
        for department in Department.objects.only("pk", "name", "directorate_id"):
            directory.departments.add(department.name, department)
            directory.directorate_of[department.pk] = department.directorate_id
        people = User.objects.filter(role__in=[Role.COUNCILLOR, *OFFICER_ROLES]).only(
            "pk", "username", "name", "role", "ward_id", "department_id"
        )
        for user in people:
            names = directory.councillors if user.role == Role.COUNCILLOR else directory.officers
            names.add(user.username, user)
            if user.name:
                names.add(user.name, user)
        return directory


def _text(values: Mapping[str, Cell | None], column: str) -> str:
    value = values.get(column)
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


class RowChecker:
    """Checks rows one by one; remembers the references it has seen, to refuse repeats."""

    def __init__(self, *, directory: Directory, council_owner: User | None, today: date):
        self.directory = directory
        self.council_owner = council_owner
        self.today = today
        self.seen: dict[str, int] = {}  # reference -> the line it was first on

    def check(
        self, line: int, values: Mapping[str, Cell | None]
    ) -> tuple[CheckedRow | None, list[RowProblem]]:
        problems: list[RowProblem] = []
        reference = _text(values, "reference")

        def problem(column: str, message: str) -> None:
            problems.append(RowProblem(line, column, str(message), reference))

        text = {column: _text(values, column) for column in values}
        for column in ("reference", "constituent_name", "subject", "service", "status"):
            if not text.get(column):
                problem(column, _("%(column)s is missing") % {"column": column})
        for column, limit in LENGTHS.items():
            if len(text.get(column, "")) > limit:
                problem(column, _("longer than %(n)s characters") % {"n": limit})
        if reference:
            if reference in self.seen:
                problem(
                    "reference",
                    _("the same reference as line %(line)s") % {"line": self.seen[reference]},
                )
            else:
                self.seen[reference] = line

        days: dict[str, date | None] = {}
        for column in ("logged_on", "acknowledged_on", "responded_on", "closed_on"):
            try:
                day = parse_day(values.get(column))
            except ValueError:
                problem(
                    column,
                    _("“%(value)s” is not a date: write 2024-03-31 or 31/03/2024 (day first)")
                    % {"value": text.get(column, "")},
                )
                day = None
            else:
                if day is not None and day > self.today:
                    problem(column, _("%(day)s is in the future") % {"day": day.isoformat()})
            days[column] = day
        logged = days["logged_on"]
        if logged is None and "logged_on" not in {p.column for p in problems}:
            problem("logged_on", _("logged_on is missing"))
        for column in ("acknowledged_on", "responded_on", "closed_on"):
            day = days[column]
            if logged is not None and day is not None and day < logged:
                problem(column, _("before the case was logged (%(day)s)") % {"day": logged})

        owner = self._councillor(text.get("councillor", ""), problem)
        service: Service | None = None
        department: Department | None = None
        officer: User | None = None
        if text.get("service"):
            services, message = self.directory.services.find(text["service"])
            if message:
                problem("service", message)
            service = services[0] if services else None
        if text.get("department"):
            departments, message = self.directory.departments.find(text["department"])
            if message:
                problem("department", message)
            department = departments[0] if departments else None
            if service and department and len(services) > 1:  # one name, two departments
                service = next((s for s in services if s.department_id == department.pk), service)
        if text.get("officer"):
            officers, message = self.directory.officers.find(text["officer"])
            if message:
                problem("officer", message)
            officer = officers[0] if officers else None
            if officer and department and officer.department_id != department.pk:
                problem(
                    "officer",
                    _("%(officer)s is not in %(department)s")
                    % {"officer": text["officer"], "department": text["department"]},
                )
        department_id = (
            department.pk if department else (officer.department_id if officer else None)
        )

        status = text.get("status", "").lower()
        closed = status == "closed"
        if status and status not in {"open", "closed"}:
            problem(
                "status",
                _("“%(value)s” is not a status: write open or closed") % {"value": text["status"]},
            )
        outcome = self._outcome(text.get("outcome", ""), problem)
        if closed:
            if not days["closed_on"] and "closed_on" not in {p.column for p in problems}:
                problem("closed_on", _("a closed case needs the date it was closed"))
            if not outcome and "outcome" not in {p.column for p in problems}:
                problem("outcome", _("a closed case needs its outcome"))
        elif status == "open":
            for column in ("closed_on", "outcome"):
                if text.get(column):
                    problem(column, _("an open case has no %(column)s") % {"column": column})

        person = {
            "name": text.get("constituent_name", ""),
            "address": text.get("address", ""),
            "postcode": "",
            "email": text.get("email", ""),
            "phone": text.get("phone", ""),
        }
        if text.get("postcode"):
            person["postcode"] = safe_postcode(text["postcode"])
            if not person["postcode"]:
                problem(
                    "postcode", _("“%(value)s” is not a UK postcode") % {"value": text["postcode"]}
                )
        if person["email"]:
            try:
                validate_email(person["email"])
            except ValidationError:
                problem(
                    "email", _("“%(value)s” is not an email address") % {"value": person["email"]}
                )

        if problems:
            return None, problems
        # A row with no problem has all three: each one missing was reported above.
        if logged is None or owner is None or service is None:
            raise AssertionError(f"line {line}: no date, councillor or service, yet no problem")

        def stamp(column: str) -> datetime | None:
            day = days[column]
            return at_noon(day) if day is not None else None

        return (
            CheckedRow(
                line=line,
                legacy_reference=reference,
                logged_at=at_noon(logged),
                owner_id=owner.pk,
                ward_id=owner.ward_id,
                person=person,
                subject=text["subject"],
                description=text.get("description") or text["subject"],
                service_id=service.pk,
                department_id=department_id,
                lead_officer_id=officer.pk if officer else None,
                closed=closed,
                acknowledged_at=stamp("acknowledged_on"),
                responded_at=stamp("responded_on"),
                closed_at=stamp("closed_on") if closed else None,
                outcome=outcome if closed else "",
                notes=text.get("notes", ""),
            ),
            [],
        )

    def _councillor(self, name: str, problem: Report) -> User | None:
        if not name:
            if self.council_owner is None:
                problem("councillor", _("councillor is missing"))
            return self.council_owner
        found, message = self.directory.councillors.find(name)
        if message:
            problem("councillor", message)
        return found[0] if found else None

    @staticmethod
    def _outcome(value: str, problem: Report) -> str:
        if not value:
            return ""
        lowered = value.lower()
        for choice, label in Outcome.choices:
            if lowered in {choice, str(label).lower(), choice.replace("_", " ")}:
                return choice
        problem(
            "outcome",
            _("“%(value)s” is not an outcome: write one of %(allowed)s")
            % {"value": value, "allowed": ", ".join(Outcome.values)},
        )
        return ""
