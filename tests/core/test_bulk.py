"""The set-based writes: INSERT ... SELECT and plain rows in one statement, on either
database (the same tests run on SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from wardcase.core import bulk
from wardcase.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db

COLUMNS = ["created_at", "to", "subject", "body", "state", "attempts", "last_error", "claim_token"]
COLUMNS += ["in_reply_to", "references", "reply_to"]


NOW = timezone.now()


def _row(n, *, state="pending"):
    at = connection.ops.adapt_datetimefield_value(NOW)
    return (at, f"p{n}@example.org", f"Subject {n}", f"Body {n}", state, 0, *[""] * 5)


def test_plain_rows_are_written_in_order_and_their_ids_returned():
    rows = [_row(1), _row(2, state="held"), _row(3)]
    written = bulk.insert_rows(OutboxMessage, COLUMNS, rows, returning=["id", "to", "state"])
    assert [(to, state) for _id, to, state in written] == [
        ("p1@example.org", "pending"),
        ("p2@example.org", "held"),
        ("p3@example.org", "pending"),
    ]
    stored = OutboxMessage.objects.filter(pk__in=[w[0] for w in written]).order_by("pk")
    assert [(m.to, m.subject, m.body, m.state) for m in stored] == [r[1:5] for r in rows]
    assert {m.created_at for m in stored} == {NOW}


def test_rows_all_alike_are_each_written():
    """Every column the same (PostgreSQL sends such columns once, as scalars)."""
    written = bulk.insert_rows(OutboxMessage, COLUMNS, [_row(1)] * 3)
    assert len(written) == 3
    assert OutboxMessage.objects.filter(to="p1@example.org").count() == 3


def test_more_rows_than_one_statement_holds(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_VALUES", 2 * len(COLUMNS))
    written = bulk.insert_rows(OutboxMessage, COLUMNS, [_row(n) for n in range(5)])
    assert len({pk for (pk,) in written}) == 5
    assert OutboxMessage.objects.count() == 5


def test_nothing_to_write_writes_nothing():
    assert bulk.insert_rows(OutboxMessage, COLUMNS, []) == []


def test_insert_from_select_copies_what_the_queryset_selects():
    bulk.insert_rows(OutboxMessage, COLUMNS, [_row(1), _row(2)])
    source = OutboxMessage.objects.order_by("pk").values_list(
        F("created_at"),
        F("to"),
        Concat(Value("Re: "), F("subject")),
        F("body"),
        Value("held"),
        Value(1),
        *[Value("")] * 5,
    )
    assert bulk.insert_from_select(OutboxMessage, COLUMNS, source) == 2
    copies = OutboxMessage.objects.filter(state="held").order_by("pk")
    assert [(m.to, m.subject, m.attempts) for m in copies] == [
        ("p1@example.org", "Re: Subject 1", 1),
        ("p2@example.org", "Re: Subject 2", 1),
    ]


def test_text_of_every_kind_is_written_as_given():
    """Quotes, backslashes, line breaks, empty strings, non-ASCII text and the separator
    PostgreSQL's text columns are joined by (such a column goes as an array instead)."""
    texts = ["", 'it\'s "quoted"', "back\\slash\n\tnew line", "ünïcødé ✓", "", "a\x1fb"]
    rows = [(*_row(n)[:3], text, *_row(n)[4:]) for n, text in enumerate(texts)]
    rows[1] = (*rows[1][:6], "\x1f", *rows[1][7:])  # a column that cannot be joined
    written = bulk.insert_rows(OutboxMessage, COLUMNS, rows)
    stored = OutboxMessage.objects.in_bulk([pk for (pk,) in written])
    assert [(stored[pk].body, stored[pk].last_error) for (pk,) in written] == [
        (row[3], row[6]) for row in rows
    ]


def test_a_text_column_holding_the_separator_is_still_joined_elsewhere():
    """Only the column with a separator in it is sent as an array; the rows come back
    in order either way."""
    rows = [(*_row(n)[:2], f"S{n}\x1f", *_row(n)[3:]) for n in range(3)]
    written = bulk.insert_rows(OutboxMessage, COLUMNS, rows, returning=["id", "subject", "to"])
    assert [(subject, to) for _pk, subject, to in written] == [(r[2], r[1]) for r in rows]


def test_update_returning_changes_what_update_would_and_returns_those_rows():
    """Only the rows the guarded UPDATE changed come back, with their new values
    (dates and times as Python values on both databases)."""
    written = bulk.insert_rows(OutboxMessage, COLUMNS, [_row(n) for n in range(5)])
    ids = [pk for (pk,) in written]
    OutboxMessage.objects.filter(pk=ids[1]).update(state="sent")
    later = NOW + timezone.timedelta(hours=1)
    moved = bulk.update_returning(
        OutboxMessage.objects.filter(state="pending", pk__in=ids[:4]),
        {"state": "held", "next_attempt_at": later},
        ["id", "state", "next_attempt_at", "to"],
    )
    assert sorted(moved) == [
        (ids[0], "held", later, "p0@example.org"),
        (ids[2], "held", later, "p2@example.org"),
        (ids[3], "held", later, "p3@example.org"),
    ]
    states = dict(OutboxMessage.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == dict(zip(ids, ["held", "sent", "held", "held", "pending"], strict=True))


def test_update_returning_nothing_to_change():
    assert bulk.update_returning(OutboxMessage.objects.none(), {"state": "sent"}, ["id"]) == []
    assert bulk.update_returning(OutboxMessage.objects.all(), {"state": "sent"}, ["id"]) == []


def test_whole_numbers_differing_by_row_are_written_as_given():
    """A column of whole numbers goes to PostgreSQL as one string; each row keeps its own."""
    rows = [(*_row(n)[:5], n * 7, *_row(n)[6:]) for n in range(4)]
    written = bulk.insert_rows(OutboxMessage, COLUMNS, rows, returning=["id", "attempts"])
    assert [attempts for _id, attempts in written] == [0, 7, 14, 21]
    stored = OutboxMessage.objects.filter(pk__in=[w[0] for w in written]).order_by("pk")
    assert [m.attempts for m in stored] == [0, 7, 14, 21]
