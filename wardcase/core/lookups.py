"""`field__any=[...]`: `IN` with one array parameter on PostgreSQL.

A user's grants can name hundreds of cases (a councillor with 929 cases shared with
them, at a million cases), and the visibility filter carries them into each query of a
page. As `IN (%s, %s, ...)`, Django and psycopg worked out a placeholder per id in
Python: about 20 ms of a councillor's home page. `= ANY(%s::bigint[])` sends them as one
array, and PostgreSQL plans it exactly as it plans `IN`. Other databases get `IN`.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey
from django.db.models.lookups import In


@Field.register_lookup
class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)  # a subquery: plain IN
        # As `In`: None never matches, and nothing left means no rows (no query at all).
        values = list(dict.fromkeys(value for value in self.rhs if value is not None))
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        db_type = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{db_type}[])", (*lhs_params, values)


# A foreign key keeps lookups of its own (those of the related model's key), so it is
# given this one too: `case_id__any=[...]`.
ForeignKey.register_lookup(AnyOf)
