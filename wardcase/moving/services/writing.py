"""Writing an import's checked rows in batches, as the case services would have written them."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection, models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.audit.actions import AuditAction
from wardcase.audit.models import AuditEntry
from wardcase.cases.choices import CaseType, EventKind, Status, Visibility
from wardcase.cases.models import Case, CaseEvent, ReferenceCounter
from wardcase.cases.services import queue_keys_refresh, rollup_mark_stale
from wardcase.charter.models import Clock
from wardcase.constituents.models import Constituent
from wardcase.moving.checks import CheckedRow, Directory
from wardcase.moving.clocks import ClockMaker
from wardcase.moving.matching import ConstituentMatcher, Person
from wardcase.search.indexing import index_cases

if TYPE_CHECKING:
    from wardcase.accounts.models import User


class BatchWriter:
    """Writes batches of checked rows as the case services would have written them."""

    def __init__(self, *, by: User | None, name: str, rows: list[CheckedRow]) -> None:
        self.by, self.name = by, name
        self.by_id = by.pk if by is not None else None
        self.people = ConstituentMatcher()
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
        queue_keys_refresh(case_ids=ids)
        rollup_mark_stale(case_ids=ids)
        index_cases(case_ids=ids)
        return ids

    def _case(self, row: CheckedRow, person: Person, reference: str) -> Case:
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
