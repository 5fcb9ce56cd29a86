"""The orders the case lists sort in, as SQL expressions.

Each is also an index over open cases (`Case.Meta.indexes`), so a list sorted by exactly
one of these walks its index and stops after a page, whatever the size of the council.
"""

from django.db import models

from wardcase.cases.choices import Priority


def priority_rank() -> models.Case:
    """Urgent before high before normal: the order a coordinator routes new cases in."""
    return models.Case(
        models.When(priority=Priority.URGENT, then=models.Value(0)),
        models.When(priority=Priority.HIGH, then=models.Value(1)),
        default=models.Value(2),
        output_field=models.IntegerField(),
    )


def not_chased() -> models.ExpressionWrapper:
    """False for a case chased since its last answer: sorting by it ascending lists those
    first, in the order of the queue index below."""
    return models.ExpressionWrapper(
        models.Q(chased_at__isnull=True), output_field=models.BooleanField()
    )


# The lists' orders, each walked through an index of open cases (below): a page of 25 then
# reads about 25 rows divided by the share of open cases the user may see, whatever the
# size of the council, where a sort had to read every open case the user may see first.
QUEUE_ORDER = (not_chased().asc(), models.F("next_due_on").asc(nulls_last=True), "pk")
DEADLINE_ORDER = (models.F("next_due_on").asc(nulls_last=True), "pk")
TRIAGE_ORDER = (priority_rank().asc(), "created_at", "pk")
