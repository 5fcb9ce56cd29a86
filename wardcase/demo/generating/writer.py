"""Writing generated rows fast: COPY on PostgreSQL, one executemany per table on SQLite.

Rows are plain tuples in the order of the columns named, with ids given by the generator
(so a case's events, clocks and audit entries are built before anything is written).
Times are aware datetimes; `Rows.add` turns them into what the database stores. After a
batch, `advance_sequences` moves PostgreSQL's id sequences past the ids given (SQLite's
AUTOINCREMENT follows on its own).
"""

import copy
import datetime as dt
import json

from django.core.management.color import no_style
from django.db import connection, models

UTC = dt.UTC


def _utc_text(value):
    """A time as Django stores it on SQLite: UTC, naive, ISO with a space."""
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _date_text(value):
    return None if value is None else value.isoformat()


def _json_text(value):
    return json.dumps(value) if value else "{}"


def _converters(fields):
    """(column index, function) for the columns whose Python values the driver cannot take
    as they are: JSON everywhere; on SQLite times and dates too."""
    sqlite = connection.vendor == "sqlite"
    found = []
    for index, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            found.append((index, _json_text))
        elif sqlite and isinstance(field, models.DateTimeField):
            found.append((index, _utc_text))
        elif sqlite and isinstance(field, models.DateField):
            found.append((index, _date_text))
    return found


class Rows:
    """Rows waiting to be written to one model's table."""

    def __init__(self, model, names):
        self.model = model
        fields = [model._meta.get_field(name) for name in names]
        self.columns = [f.column for f in fields]
        self.converters = _converters(fields)
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

    def take(self):
        """These rows, to be written elsewhere (another thread); this table starts empty."""
        taken = copy.copy(self)
        self.rows = []
        return taken

    def __len__(self):
        return len(self.rows)

    def _converted(self):
        converters = self.converters
        for row in self.rows:
            row = list(row)
            for index, convert in converters:
                row[index] = convert(row[index])
            yield row

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
                for row in self._converted():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, list(self._converted()))
        self.rows = []


def advance_sequences(models):
    """Move PostgreSQL's id sequences past the ids written with explicit values."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
