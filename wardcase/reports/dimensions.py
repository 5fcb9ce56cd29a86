"""What a report groups by and over which period: the dimensions, their SQL and labels.

Who sees reports and which cases they count is a permission rule, in
`wardcase.permissions.reports`.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import DateField, F, Q
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wardcase.accounts.models import Role
from wardcase.cases.choices import Channel, EnquirerType

# name: (label, path on Case, labels for its values: a model to name ids, or choices)
DIMENSIONS = {
    "directorate": (_("Directorate"), "department__directorate_id", "directory.Directorate"),
    "department": (_("Department"), "department_id", "directory.Department"),
    "service": (_("Service"), "service_id", "directory.Service"),
    "ward": (_("Ward"), "ward_id", "places.Ward"),
    "councillor": (_("Councillor"), "owner_id", "accounts.User"),
    "channel": (_("Channel"), "channel", Channel),
    "enquirer_type": (_("Enquirer type"), "enquirer_type", EnquirerType),
    "surgery": (_("Surgery"), "surgery_id", "cases.Surgery"),
    "month": (_("Month"), "created_at", "month"),
    "quarter": (_("Quarter"), "created_at", "quarter"),
}
RESPONSE_TIME_GROUPS = ["department", "directorate", "service", "month", "quarter"]
VOLUME_GROUPS = [
    "ward",
    "councillor",
    "service",
    "department",
    "directorate",
    "channel",
    "enquirer_type",
    "surgery",
    "month",
]


def period_q(date_from, date_to, prefix=""):
    """Cases logged from the start of `date_from` to the end of `date_to`, council time."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
    return Q(**{f"{prefix}created_at__gte": start, f"{prefix}created_at__lt": end})


def group_key(group, prefix=""):
    """The SQL expression a report groups by."""
    path = prefix + DIMENSIONS[group][1]
    if group == "month":
        return TruncMonth(path, output_field=DateField())
    if group == "quarter":
        return TruncQuarter(path, output_field=DateField())
    return F(path)


def normalise_key(group, value):
    """One Python value per group whether it came through the ORM or raw SQL."""
    if value is None:
        return None
    if group in {"month", "quarter"}:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value)[:10])
    if DIMENSIONS[group][2] in {Channel, EnquirerType}:
        return str(value)
    return int(value)


def key_labels(group, keys):
    """A label for each key of a group, in one query at most."""
    from django.apps import apps

    source = DIMENSIONS[group][2]
    if source == "month":
        return {k: k.strftime("%B %Y") if k else "" for k in keys}
    if source == "quarter":
        return {k: f"Q{(k.month - 1) // 3 + 1} {k.year}" if k else "" for k in keys}
    if not isinstance(source, str):
        return {k: str(source(k).label) if k in source.values else k for k in keys}
    model = apps.get_model(source)
    rows = model.objects.filter(pk__in=[k for k in keys if k is not None])
    if group == "surgery":  # named by place and time, not a name field
        names = {surgery.pk: str(surgery) for surgery in rows}
    else:
        names = dict(rows.values_list("pk", "name"))
    not_set = _("Not at a surgery") if group == "surgery" else _("Not set")
    return {k: names.get(k, str(not_set)) for k in keys}


class WholeCouncil:
    """Whom a report made on the command line is for: the whole council, counted as a
    coordinator counts it (no per-councillor figures unless the council enables them)."""

    is_authenticated = True
    is_active = True
    role = Role.COORDINATOR
    pk = None
    ward_id = None
    department_id = None
