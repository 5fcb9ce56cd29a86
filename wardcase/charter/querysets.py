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


def live_clocks_prefetch():
    """For lists: each case's live clocks, soonest first, in one more query per page."""
    return Prefetch(
        "clocks",
        queryset=Clock.objects.filter(state__in=Clock.LIVE_STATES).order_by("due_on", "kind"),
        to_attr="live_clocks",
    )


def next_due_subquery():
    """The case's soonest running or overdue clock, as SQL, to sort a queue by."""
    return Subquery(
        Clock.objects.filter(case=OuterRef("pk"), state__in=OPEN_STATES)
        .order_by("due_on")
        .values("due_on")[:1]
    )
