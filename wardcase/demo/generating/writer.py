"""Writing generated rows fast: COPY on PostgreSQL, one executemany per table on SQLite.

Rows are plain tuples in the order of the columns named, with ids given by the generator
(so a case's events, clocks and audit entries are built before anything is written).
Times are aware datetimes; `Rows.add` turns them into what the database stores. After a
batch, `advance_sequences` moves PostgreSQL's id sequences past the ids given (SQLite's
AUTOINCREMENT follows on its own).
"""

import datetime as dt
import json

from django.core.management.color import no_style
from django.db import connection

UTC = dt.UTC


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        # As Django stores them: UTC, naive, ISO with a space.
        return str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _postgres_value(value):
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


class Rows:
    """Rows waiting to be written to one model's table."""

    def __init__(self, model, names):
        self.model = model
        fields = [model._meta.get_field(name) for name in names]
        self.columns = [f.column for f in fields]
        self.rows = []
        self.next_id = None

    def start_ids(self):
        """Ids go on from the highest in the table."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - the model's table
            self.next_id = (cursor.fetchone()[0] or 0) + 1

    def new_id(self):
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, row):
        self.rows.append(row)

    def __len__(self):
        return len(self.rows)

    def flush(self):
        """Write the rows waiting, in the current transaction."""
        if not self.rows:
            return
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(c) for c in self.columns)
        if connection.vendor == "postgresql":
            raw = connection.connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in self.rows:
                    copy.write_row([_postgres_value(v) for v in row])
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, [[_sqlite_value(v) for v in row] for row in self.rows])
        self.rows = []


def advance_sequences(models):
    """Move PostgreSQL's id sequences past the ids written with explicit values."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
