"""Back-dating the demo: moving what the case services wrote to when each step happened.

Services always stamp "now"; back-dating here, in one place, keeps them free of a time
parameter only the demo needs. While the demo runs its cases, `Backdater.stamp` notes
after each step the last id in each table it watches and the case's time fields as they
stand; `Backdater.backdate` then moves those rows and fields to the step's time in a few
bulk updates, and renumbers the references in date order.
"""

from collections import Counter
from datetime import timedelta

from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from wardcase.audit.models import AuditEntry
from wardcase.cases.models import Case, CaseEvent, ReferenceCounter
from wardcase.constituents.models import Constituent
from wardcase.mail.models import OutboxMessage

# The case's own record of when it reached each stage.
TIME_FIELDS = (
    "assigned_at",
    "acknowledged_at",
    "responded_at",
    "closure_proposed_at",
    "closed_at",
)


class Backdater:
    """Notes when each step happened, then moves what it wrote back to that time.

    Create it just before the first step: rows already in the database stay as they are.
    """

    def __init__(self):
        self.start_marks, _times = _watermarks()
        self.marks = []  # (event id, audit id, outbox id, at) after each step
        self.case_times = {}  # case pk -> {field: at}

    def stamp(self, case, at):
        """Remember when this step on `case` happened, for the rows and times it wrote."""
        marks, now_values = _watermarks(case.pk)
        self.marks.append((*marks, at))
        times = self.case_times.setdefault(case.pk, {})
        before = times.get("_values", {})
        for name, value in now_values.items():
            if value != before.get(name):
                times[name] = at if value is not None else None
        times["_values"] = now_values
        times.setdefault("created_at", at)
        times["last"] = at

    def backdate(self, cases):
        """Move every row the steps wrote to the time its step happened."""
        start_marks = self.start_marks
        sent = OutboxMessage.State.SENT
        for column, model, names in (
            (0, CaseEvent, ["created_at"]),
            (1, AuditEntry, ["at"]),
            # The notifications were for then, not now: they went at the time, so the task
            # worker does not send hundreds of stale emails when the demo starts.
            (2, OutboxMessage, ["created_at", "sent_at", "state"]),
        ):
            ranges, low = [], start_marks[column]
            for mark in self.marks:
                high, at = mark[column], mark[3]
                if high > low:
                    values = {"created_at": at, "at": at, "sent_at": at + timedelta(minutes=1)}
                    ranges.append(([values.get(n, sent) for n in names], low, high))
                low = high
            _update_ranges(model, names, ranges)

        for case in cases:
            times = self.case_times[case.pk]
            case.created_at = times["created_at"]
            case.last_activity_at = case.modified_at = times["last"]
            for name in TIME_FIELDS:
                if getattr(case, name) is not None:
                    setattr(case, name, times[name])
        renamed = _renumber(cases)
        names = [
            "reference",
            "created_at",
            "modified_at",
            "last_activity_at",
            *TIME_FIELDS,
        ]
        _update_rows(Case, names, [(c.pk, [getattr(c, n) for n in names]) for c in cases])

        messages = OutboxMessage.objects.filter(
            pk__gt=start_marks[2], case_id__in=list(renamed)
        ).only("pk", "case_id", "subject", "body")
        rows = []
        for message in messages:
            old, new = renamed[message.case_id]
            rows.append(
                (message.pk, [message.subject.replace(old, new), message.body.replace(old, new)])
            )
        _update_rows(OutboxMessage, ["subject", "body"], rows)

        first_seen = {}
        for case in cases:
            first_seen.setdefault(case.constituent_id, case.created_at)
        _update_rows(
            Constituent,
            ["created_at", "modified_at"],
            [(pk, [at, at]) for pk, at in first_seen.items()],
        )


def _watermarks(case_id=None):
    """The last id in each watched table and, given a case, its time fields as stored.

    One query per step: this runs after each of some 1,200 service calls.
    """
    tables = [m._meta.db_table for m in (CaseEvent, AuditEntry, OutboxMessage)]
    quote = connection.ops.quote_name
    columns = [f"(SELECT MAX(id) FROM {quote(t)})" for t in tables]  # noqa: S608
    params = []
    if case_id is not None:
        columns += [f"c.{quote(name)}" for name in TIME_FIELDS]
        tail = f" FROM {quote(Case._meta.db_table)} c WHERE c.id = %s"
        params.append(case_id)
    else:
        tail = ""
    # Table and column names come from the models, never from input.
    sql = f"SELECT {', '.join(columns)}{tail}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return tuple(value or 0 for value in row[:3]), dict(
        zip(TIME_FIELDS, row[3:], strict=False)  # no time fields without a case
    )


def _renumber(cases):
    """References follow the back-dated order and year: WC-<year>-000001 is the oldest."""
    cases.sort(key=lambda c: (c.created_at, c.pk))
    # Clear the way first so no new reference meets an old one still in place.
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(reference=Concat(Value("DEMO-"), "id"))
    numbers = Counter()
    renamed = {}
    for case in cases:
        year = timezone.localtime(case.created_at).year
        numbers[year] += 1
        new = f"WC-{year}-{numbers[year]:06d}"
        if new != case.reference:
            renamed[case.pk] = (case.reference, new)
        case.reference = new
    ReferenceCounter.objects.all().delete()
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(year=year, last_number=n) for year, n in numbers.items()]
    )
    return renamed


def _columns(model, names):
    fields = [model._meta.get_field(name) for name in names]
    return fields, ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)


def _prepared(fields, values):
    return [
        f.get_db_prep_value(v, connection, prepared=False)
        for f, v in zip(fields, values, strict=True)
    ]


def _update_ranges(model, names, ranges):
    """Set `names` on the rows with lo < id <= hi, for each (values, lo, hi), in one go."""
    fields, assignments = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE id > %s AND id <= %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*_prepared(fields, v), lo, hi] for v, lo, hi in ranges])


def _update_rows(model, names, rows):
    """Set `names` on each row from (pk, values). Far faster than bulk_update's CASE."""
    if not rows:
        return
    fields, assignments = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*_prepared(fields, values), pk] for pk, values in rows])
