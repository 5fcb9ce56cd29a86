"""Importing cases from another system's export: check every row, then write the valid
ones in batches, each batch one transaction, with everything the case services write.

Nothing is written by a dry run, nor (unless `skip_invalid`) when any row has a problem.
A row whose reference was imported before is passed over, so running the same file again
creates no duplicates. Each batch bulk-creates its constituents, cases, timeline entries,
audit entries and clocks, then indexes the cases for search, so a 100,000-row file is a
few hundred statements per thousand rows rather than a service call per row.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, TYPE_CHECKING

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role
from wardcase.accounts.permissions import is_active_administrator
from wardcase.audit.actions import AuditAction
from wardcase.audit.models import AuditEntry
from wardcase.audit.services import audit_record
from wardcase.cases.choices import CaseType, EventKind, Status, Visibility
from wardcase.cases.models import Case, CaseEvent, ReferenceCounter
from wardcase.charter.models import Clock
from wardcase.constituents.matching import MATCH_MIN_SCORE, normalise_phone, person_match
from wardcase.constituents.models import Constituent
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.moving.checks import CheckedRow, Directory, RowChecker, RowProblem
from wardcase.moving.clocks import ClockMaker
from wardcase.moving.columns import ColumnMap
from wardcase.search.indexing import index_cases

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.moving.reading import Table

BATCH_SIZE = 1000
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    """What an import found and did."""

    rows: int = 0
    valid: int = 0
    already_imported: int = 0
    imported: int = 0
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Rows with at least one problem."""
        return len({p.line for p in self.problems})

    @property
    def to_import(self) -> int:
        return self.valid - self.already_imported

    def write_report(self, out: IO[str]) -> None:
        """The rejected rows as CSV: line, reference, column, problem."""
        writer = csv.writer(out)
        writer.writerow(["line", "reference", "column", "problem"])
        for p in self.problems:
            writer.writerow([p.line, p.reference, p.column, p.message])

    def summary(self) -> str:
        verb = _("would import") if self.dry_run else _("imported")
        return _(
            "%(rows)s rows: %(valid)s valid, %(rejected)s rejected, %(already)s imported "
            "before; %(verb)s %(n)s."
        ) % {
            "rows": self.rows,
            "valid": self.valid,
            "rejected": self.rejected,
            "already": self.already_imported,
            "verb": verb,
            "n": self.imported if not self.dry_run else self.to_import,
        }


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def cases_import(
    *,
    table: Table,
    column_map: ColumnMap,
    by: User | None,
    name: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    council_owner: User | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Check every row of `table`, then (unless a dry run, or rows are invalid and not
    `skip_invalid`) import the valid ones. `by` is the administrator, or None from the
    command line; `council_owner` owns rows with no councillor; `name` names the import
    on each case's timeline."""
    if by is not None and not is_active_administrator(by):
        raise ActionNotAllowed(_("Only administrators can import cases."))
    if council_owner is not None and council_owner.role != Role.COUNCILLOR:
        raise ServiceError(_("%(name)s is not a councillor.") % {"name": council_owner})
    missing = column_map.missing(table.headings)
    if missing:
        raise ServiceError(
            _("The file has no column for %(columns)s (its columns: %(headings)s).")
            % {"columns": ", ".join(missing), "headings": ", ".join(table.headings)}
        )
    result = ImportResult(dry_run=dry_run)
    checked = _check(table, column_map, council_owner, result, progress)
    if result.problems and not skip_invalid:
        return result
    previous = set(
        Case.objects.filter(legacy_reference__isnull=False).values_list(
            "legacy_reference", flat=True
        )
    )
    fresh = [row for row in checked if row.legacy_reference not in previous]
    result.already_imported = len(checked) - len(fresh)
    if dry_run or not fresh:
        return result
    writer = _Writer(by=by, name=name, rows=fresh)
    progress("importing", 0, len(fresh))
    for start in range(0, len(fresh), batch_size):
        batch = fresh[start : start + batch_size]
        with transaction.atomic():
            result.case_ids += writer.write(batch)
        result.imported += len(batch)
        progress("importing", result.imported, len(fresh))
    audit_record(
        actor=by,
        action=AuditAction.CASES_IMPORTED,
        file=name,
        imported=result.imported,
        rejected=result.rejected,
        already_imported=result.already_imported,
    )
    return result


def _check(
    table: Table,
    column_map: ColumnMap,
    council_owner: User | None,
    result: ImportResult,
    progress: Progress,
) -> list[CheckedRow]:
    checker = RowChecker(
        directory=Directory.load(), council_owner=council_owner, today=timezone.localdate()
    )
    read = column_map.reader(table.headings)
    checked: list[CheckedRow] = []
    for line, cells in table.rows:
        result.rows += 1
        row, problems = checker.check(line, read(cells))
        if row is None:
            result.problems += problems
        else:
            checked.append(row)
        if result.rows % 1000 == 0:
            progress("checking", result.rows, 0)
    result.valid = len(checked)
    progress("checking", result.rows, result.rows)
    return checked


@dataclass(frozen=True, slots=True)
class _Known:
    """A constituent already in the database: just what matching reads."""

    pk: int
    name: str
    email: str
    postcode: str
    phone: str


_Person = _Known | Constituent  # Constituent: one this import creates


class _People:
    """Constituents matched by the duplicate-detection rules of `constituents.matching`.

    A match needs a score of MATCH_MIN_SCORE, which only the same email, phone or
    postcode can reach (a name alone scores at most 40), so the candidates are exactly the
    people sharing one of those: all held in three dictionaries, read once, with the people
    this import creates added as it goes."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[_Person]] = {}
        existing = Constituent.objects.filter(anonymised_at__isnull=True).values_list(
            "pk", "name", "email", "postcode", "phone"
        )
        for pk, name, email, postcode, phone in existing.iterator(chunk_size=5000):
            self._add(_Known(pk=pk, name=name, email=email, postcode=postcode, phone=phone))

    @staticmethod
    def _keys(*, email: str, postcode: str, phone: str) -> list[tuple[str, str]]:
        keys = []
        if email:
            keys.append(("email", email.strip().lower()))
        if postcode:
            keys.append(("postcode", postcode))
        digits = normalise_phone(phone)
        if len(digits) >= 6:
            keys.append(("phone", digits))
        return keys

    def _add(self, person: _Person) -> None:
        keys = self._keys(email=person.email, postcode=person.postcode, phone=person.phone)
        for key in keys:
            self.by_key.setdefault(key, []).append(person)

    def find_or_new(self, *, details: dict[str, str], created_by_id: int) -> _Person:
        """The constituent `details` match, or a new unsaved one (created with the batch)."""
        best: _Person | None = None
        best_score = MATCH_MIN_SCORE - 1
        seen: set[int] = set()
        keys = self._keys(
            email=details["email"], postcode=details["postcode"], phone=details["phone"]
        )
        for key in keys:
            for candidate in self.by_key.get(key, ()):
                if id(candidate) in seen:
                    continue
                seen.add(id(candidate))
                score, _reasons = person_match(details=details, constituent=candidate)
                if score > best_score:
                    best, best_score = candidate, score
        if best is not None:
            return best
        person = Constituent(created_by_id=created_by_id, **details)
        self._add(person)
        return person


class _Writer:
    """Writes batches of checked rows as the case services would have written them."""

    def __init__(self, *, by: User | None, name: str, rows: list[CheckedRow]) -> None:
        self.by, self.name = by, name
        self.by_id = by.pk if by is not None else None
        self.people = _People()
        directory = Directory.load()
        today = timezone.localdate()
        first_year = min(timezone.localtime(r.logged_at).year for r in rows)
        self.clock_maker = ClockMaker(
            first_year=first_year, directorate_of=directory.directorate_of, today=today
        )

    def write(self, rows: list[CheckedRow]) -> list[int]:
        now = timezone.now()
        people = [
            self.people.find_or_new(details=row.person, created_by_id=self.by_id or row.owner_id)
            for row in rows
        ]
        new: dict[int, Constituent] = {}  # by id(): a person on two rows is created once
        for person in people:
            if isinstance(person, Constituent) and person.pk is None:
                new[id(person)] = person
        Constituent.objects.bulk_create(list(new.values()))
        references = _references(rows)
        cases: list[Case] = []
        clocks: list[list[Clock]] = []
        for row, person, reference in zip(rows, people, references, strict=True):
            case = self._case(row, person, reference)
            made = self.clock_maker.clocks(row=row, case_type=case.case_type)
            due = {c.kind: c.due_on for c in made}
            case.acknowledge_due, case.response_due = due.get("acknowledge"), due.get("respond")
            cases.append(case)
            clocks.append(made)
        Case.objects.bulk_create(cases)
        # created_at is auto_now_add, which bulk_create sets to now: the logged date wins.
        _set_created(Case, [(c.pk, row.logged_at) for c, row in zip(cases, rows, strict=True)])
        CaseEvent.objects.bulk_create(
            [e for case, row in zip(cases, rows, strict=True) for e in self._events(case, row, now)]
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor_id=self.by_id,
                    action=AuditAction.CASE_IMPORTED,
                    case_id=case.pk,
                    detail={"file": self.name, "line": row.line},
                )
                for case, row in zip(cases, rows, strict=True)
            ]
        )
        for case, made in zip(cases, clocks, strict=True):
            for clock in made:
                clock.case_id = case.pk
        Clock.objects.bulk_create([clock for made in clocks for clock in made])
        ids = [c.pk for c in cases]
        index_cases(case_ids=ids)
        return ids

    def _case(self, row: CheckedRow, person: _Person, reference: str) -> Case:
        if row.closed:
            status = Status.CLOSED
        elif row.responded_at:
            status = Status.RESPONDED
        elif row.acknowledged_at:
            status = Status.ACKNOWLEDGED
        elif row.department_id:
            status = Status.ASSIGNED
        else:
            status = Status.NEW
        stamps = [row.logged_at, row.acknowledged_at, row.responded_at, row.closed_at]
        return Case(
            reference=reference,
            legacy_reference=row.legacy_reference,
            subject=row.subject,
            description=row.description,
            case_type=CaseType.ENQUIRY,
            service_id=row.service_id,
            constituent_id=person.pk,
            ward_id=row.ward_id,
            owner_id=row.owner_id,
            created_by_id=self.by_id or row.owner_id,
            department_id=row.department_id,
            lead_officer_id=row.lead_officer_id,
            status=status,
            outcome=row.outcome,
            assigned_at=row.logged_at if row.department_id else None,
            acknowledged_at=row.acknowledged_at,
            responded_at=row.responded_at,
            closed_at=row.closed_at,
            last_activity_at=max(s for s in stamps if s is not None),
        )

    def _events(self, case: Case, row: CheckedRow, now: datetime) -> list[CaseEvent]:
        def event(
            kind: str,
            at: datetime,
            body: str = "",
            visibility: str = Visibility.EVERYONE,
            **data: object,
        ) -> CaseEvent:
            return CaseEvent(
                case_id=case.pk,
                kind=kind,
                author_id=self.by_id,
                created_at=at,
                body=body,
                visibility=visibility,
                data={"imported": True, **data},
            )

        # The old system's history, so the timeline reads true and a rebuild of the
        # clocks from it (after a charter change) gives the clocks the import set.
        events = []
        if row.department_id:
            events.append(
                event(
                    EventKind.ASSIGNED,
                    row.logged_at,
                    department_id=row.department_id,
                    lead_officer_id=row.lead_officer_id,
                )
            )
        if row.notes:
            events.append(event(EventKind.NOTE, row.logged_at, row.notes, Visibility.INTERNAL))
        if row.acknowledged_at:
            events.append(event(EventKind.ACKNOWLEDGED, row.acknowledged_at))
        if row.responded_at:
            events.append(event(EventKind.FULL_RESPONSE, row.responded_at))
        if row.closed_at:
            events.append(event(EventKind.CLOSED, row.closed_at, outcome=row.outcome))
        events.append(
            event(
                EventKind.IMPORTED,
                now,
                _("Imported from %(file)s (reference %(reference)s in the previous system).")
                % {"file": self.name, "reference": row.legacy_reference},
                file=self.name,
                legacy_reference=row.legacy_reference,
            )
        )
        return events


def _references(rows: list[CheckedRow]) -> list[str]:
    """WC-<year logged>-NNNNNN, numbered on from each year's counter in one UPDATE a year."""
    years = Counter(timezone.localtime(r.logged_at).year for r in rows)
    next_number: dict[int, int] = {}
    for year, count in years.items():
        ReferenceCounter.objects.get_or_create(year=year)
        ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + count)
        last = ReferenceCounter.objects.get(year=year).last_number
        next_number[year] = last - count + 1
    references = []
    for row in rows:
        year = timezone.localtime(row.logged_at).year
        references.append(f"WC-{year}-{next_number[year]:06d}")
        next_number[year] += 1
    return references


def _set_created(model: type[models.Model], rows: list[tuple[int, datetime]]) -> None:
    """Set `created_at` of the rows (pk, when) in one executemany."""
    field = model._meta.get_field("created_at")
    if not isinstance(field, models.DateTimeField) or field.column is None:
        raise TypeError(f"{model.__name__}.created_at is not a DateTimeField column")
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE id = %s"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(field.get_db_prep_value(at, connection, prepared=False), pk) for pk, at in rows]
        )
