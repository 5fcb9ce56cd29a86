"""Set-based writes the ORM has no verb for: INSERT ... SELECT, a lean multi-row INSERT,
and an UPDATE that returns the rows it changed.

`insert_from_select` copies what a queryset selects into another table in one statement,
so a batch of timeline entries costs the database one statement and Python nothing per
row. The SELECT is the ORM's own, compiled for the connection's vendor, so expressions
(`Value`, `Case`/`When`, `JSONObject`) are written once for SQLite and PostgreSQL alike.

`insert_rows` writes plain tuples with one multi-row INSERT per chunk and returns the
chosen columns of the new rows (both SQLite 3.35+ and PostgreSQL have RETURNING), for
rows whose values Python must work out one by one but which need no model objects.

`update_returning` is `QuerySet.update` with `RETURNING` (SQLite 3.35+ and PostgreSQL):
the rows a guarded UPDATE moved come back from it, instead of being read again by id.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import sql

# SQLite allows 32,766 bound values in a statement; PostgreSQL 65,535.
MAX_VALUES = 30_000
# A column of text is sent to PostgreSQL joined by the ASCII unit separator, when no
# value holds one (a column of one row is a scalar, so an empty string is never lost).
SEPARATOR, SPLIT_ON = "\x1f", "E'\\x1f'"


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{name} is not a column of {model.__name__}"
    return field


def _columns(model: type[models.Model], names: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(str(_field(model, name).column)) for name in names)


def insert_from_select(model: type[models.Model], columns: Sequence[str], source: Any) -> int:
    """INSERT INTO `model` (`columns`) the rows `source` selects, in one statement.

    `source` is a `values_list` queryset (or one of `values`) whose selected expressions
    are in the order of `columns`, which are the model's field names (`case_id` for a
    foreign key's column). Returns how many rows were written."""
    query = source.query
    compiler = query.get_compiler(connection=connection)
    select_sql, params = compiler.as_sql()
    table = connection.ops.quote_name(model._meta.db_table)
    targets = _columns(model, columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({targets}) {select_sql}", params)  # noqa: S608
        return int(cursor.rowcount)


def update_returning(
    queryset: Any, changes: dict[str, Any], returning: Sequence[str]
) -> list[tuple[Any, ...]]:
    """`queryset.update(**changes)`, returning `returning` (column names of the model's
    fields, `case_id` for a foreign key) of each row it changed, in no set order.

    The UPDATE is the ORM's own, so `queryset` may filter by anything `update` accepts.
    Pick a batch of rows by a query of its own, not a sliced subquery: PostgreSQL may
    run a subquery's `LIMIT ... FOR UPDATE` again for each row, and then changes more."""
    model = queryset.model
    query = queryset.query.chain(sql.UpdateQuery)
    query.add_update_values(changes)
    query.clear_select_clause()
    compiler = query.get_compiler(connection=connection)
    compiler.pre_sql_setup()
    try:
        update_sql, params = compiler.as_sql()
    except EmptyResultSet:  # `none()`, or an empty `__in`: nothing to change
        return []
    fields = [_field(model, name) for name in returning]
    back = _columns(model, returning)
    with connection.cursor() as cursor:
        cursor.execute(f"{update_sql} RETURNING {back}", params)
        rows = cursor.fetchall()
    # As the ORM reads a column: SQLite's times come back naive without this.
    columns = [field.get_col(model._meta.db_table) for field in fields]
    converters = [
        (n, [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)], col)
        for n, col in enumerate(columns)
    ]
    converters = [(n, funcs, col) for n, funcs, col in converters if funcs]
    if not converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        values = list(row)
        for n, funcs, col in converters:
            for convert in funcs:
                values[n] = convert(values[n], col, connection)
        converted.append(tuple(values))
    return converted


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: Sequence[str] = ("id",),
) -> list[tuple[Any, ...]]:
    """INSERT plain rows (values ready for the database, in the order of `columns`);
    returns `returning` of each new row, in the order given.

    PostgreSQL gets one statement with a column of values per array parameter
    (`SELECT * FROM unnest(...)`): psycopg works out the placeholders of a statement
    in Python, at a few microseconds each, which for a multi-row VALUES of 60,000 rows
    cost more than the insert. SQLite gets multi-row VALUES, as many rows a statement
    as it allows."""
    pending = [tuple(row) for row in rows]
    if not pending:
        return []
    fields = [_field(model, name) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    targets, back = _columns(model, columns), _columns(model, returning)
    written: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_unnest_sql(table, targets, back, fields, pending))
            return [tuple(row) for row in cursor.fetchall()]
        per_statement = max(1, MAX_VALUES // len(columns))
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(pending), per_statement):
            chunk = pending[start : start + per_statement]
            marks = ", ".join([one] * len(chunk))
            sql = f"INSERT INTO {table} ({targets}) VALUES {marks} RETURNING {back}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])
            written.extend(tuple(row) for row in cursor.fetchall())
    return written


def _unnest_sql(
    table: str, targets: str, back: str, fields: Sequence[Any], rows: list[tuple[Any, ...]]
) -> tuple[str, list[Any]]:
    """PostgreSQL's INSERT of `rows` from arrays, one per column; a column with one value
    in every row is sent once, as a scalar."""
    columns = list(zip(*rows, strict=True))
    selected, arrays, params = [], [], []
    for n, (field, values) in enumerate(zip(fields, columns, strict=True)):
        db_type = field.cast_db_type(connection)
        first = values[0]
        types = set(map(type, values))  # at C speed: tens of thousands of values
        if len(types) == 1 and values.count(first) == len(values):
            selected.append(f"%s::{db_type}")
            params.append(first)
        elif types == {int}:
            # Whole numbers likewise, as one comma-separated string.
            selected.append(f"c{n}")
            arrays.append((f"string_to_array(%s, ',')::{db_type}[]", f"c{n}"))
            params.append(",".join(map(str, values)))
        elif (
            types == {str}
            and (joined := SEPARATOR.join(values)).count(SEPARATOR) == len(values) - 1
        ):
            # Text goes as one string split by the server (when no value holds the
            # separator): psycopg quotes a list's items one by one in Python (a second
            # for a sweep's 67,000 messages).
            selected.append(f"c{n}")
            arrays.append((f"string_to_array(%s, {SPLIT_ON})::{db_type}[]", f"c{n}"))
            params.append(joined)
        else:
            selected.append(f"c{n}")
            arrays.append((f"%s::{db_type}[]", f"c{n}"))
            params.append(list(values))
    # Scalars come before the arrays in the SELECT list, so the parameters follow
    # the order they appear in: scalars first, then arrays.
    scalars = [p for p, s in zip(params, selected, strict=True) if s.startswith("%s")]
    lists = [p for p, s in zip(params, selected, strict=True) if not s.startswith("%s")]
    source = f"unnest({', '.join(mark for mark, _name in arrays)})"
    if not arrays:  # every column alike (the same row repeated): that many rows
        source = f"generate_series(1, {len(rows)})"
    names = ", ".join(name for _mark, name in arrays) or "c"
    sql = (
        f"INSERT INTO {table} ({targets}) SELECT {', '.join(selected)} "  # noqa: S608
        f"FROM {source} AS u({names}) RETURNING {back}"
    )
    return sql, [*scalars, *lists]
