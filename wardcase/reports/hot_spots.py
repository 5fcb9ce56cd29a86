"""Hot spots: streets and postcode sectors where cases about one service cluster."""

from datetime import date, timedelta
from typing import Any, TypedDict

from django.db.models import Count, Value
from django.db.models.functions import Left, StrIndex, Trim, Upper
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role, User
from wardcase.directory.models import Service
from wardcase.reports.dimensions import period_q
from wardcase.reports.reading import report_transaction, scoped_cases

HOT_SPOT_MINIMUM = 3
# Hot spots are where problems cluster now: over a longer period they look at its last
# year only. Over six years every street with three potholes in all would be one, and
# counting them read every located case of the council (2.3 s at a million cases).
HOT_SPOT_DAYS = 365


class HotSpot(TypedDict):
    """A place with at least the minimum of cases of one service: a street or a sector."""

    place: str
    kind: str
    service: str
    cases: int


def hot_spot_window(*, date_from: date, date_to: date) -> tuple[date, date]:
    """The days hot spots look at: the period, or its last HOT_SPOT_DAYS if longer."""
    return max(date_from, date_to - timedelta(days=HOT_SPOT_DAYS - 1)), date_to


def hot_spots(
    *, user: User, date_from: date, date_to: date, minimum: int = HOT_SPOT_MINIMUM
) -> list[HotSpot]:
    """Places with at least `minimum` cases of one service in the period (its last year,
    `hot_spot_window`), most first: streets (the case's location) and postcode sectors
    (the constituent's, "TE1 1").

    Anonymised cases have lost their street but kept their sector, so they count in
    sectors only. Administrators see no case content, places included: they get none.
    """
    if user.role == Role.ADMINISTRATOR:
        return []
    date_from, date_to = hot_spot_window(date_from=date_from, date_to=date_to)
    with report_transaction():
        return _hot_spots(user=user, date_from=date_from, date_to=date_to, minimum=minimum)


def _hot_spots(*, user: User, date_from: date, date_to: date, minimum: int) -> list[HotSpot]:
    cases = scoped_cases(user=user, group="ward", logged=period_q(date_from, date_to))
    postcode = "constituent__postcode"
    places = [
        (_("Street"), cases.exclude(location=""), Upper(Trim("location"))),
        (
            _("Postcode sector"),
            cases.filter(**{f"{postcode}__contains": " "}),
            Left(postcode, StrIndex(postcode, Value(" ")) + 1),
        ),
    ]
    counted: list[dict[str, Any]] = [
        {"kind": kind, **row}
        for kind, among, place in places
        for row in among.annotate(place=place)
        .order_by()
        .values("place", "service_id")
        .annotate(cases=Count("pk"))
        .filter(cases__gte=minimum)
    ]
    names = dict(
        Service.objects.filter(pk__in={r["service_id"] for r in counted}).values_list("pk", "name")
    )
    spots: list[HotSpot] = [
        {
            "place": r["place"].title() if r["kind"] == _("Street") else r["place"],
            "kind": str(r["kind"]),
            "service": names.get(r["service_id"], ""),
            "cases": r["cases"],
        }
        for r in counted
    ]
    return sorted(spots, key=lambda s: (-s["cases"], s["kind"], s["place"]))
