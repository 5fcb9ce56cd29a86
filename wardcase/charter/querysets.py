"""Clock queries that lists of cases join in: a prefetch and a sort key."""

from django.db.models import OuterRef, Prefetch, Subquery

from wardcase.charter.models import Clock

OPEN_STATES = [Clock.State.RUNNING, Clock.State.BREACHED]


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
