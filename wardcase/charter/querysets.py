"""Clock queries that lists of cases join in: a prefetch and a sort key."""

from datetime import date

from django.db.models import OuterRef, Prefetch, Q, Subquery

from wardcase.charter.models import Clock

OPEN_STATES = [Clock.State.RUNNING, Clock.State.BREACHED]


def overdue_q(today: date, prefix: str = "") -> Q:
    """A deadline overdue on `today`: missed (breached), or still running past its date
    before the sweep has marked it. `prefix` ("clocks__") from a row of a case."""
    return Q(**{f"{prefix}state": Clock.State.BREACHED}) | Q(
        **{f"{prefix}state": Clock.State.RUNNING, f"{prefix}due_on__lt": today}
    )


# What a list's deadline lines show of a clock (wardcase.charter.templatetags.charter).
LIST_CLOCK_FIELDS = ("case_id", "kind", "state", "due_on", "breached_at")


def live_clocks_prefetch(*, fields=None):
    """For lists: each case's live clocks, soonest first, in one more query per page;
    with `fields`, only those columns."""
    clocks = Clock.objects.filter(state__in=Clock.LIVE_STATES).order_by("due_on", "kind")
    if fields:
        clocks = clocks.only(*fields)
    return Prefetch("clocks", queryset=clocks, to_attr="live_clocks")


def next_due_subquery():
    """The case's soonest running or overdue clock, as SQL, to sort a queue by."""
    return Subquery(
        Clock.objects.filter(case=OuterRef("pk"), state__in=OPEN_STATES)
        .order_by("due_on")
        .values("due_on")[:1]
    )
