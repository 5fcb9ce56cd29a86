"""Reports as documents: titled sections of a table and a chart, the one shape that the
pages, the PDF, the XLSX and the CSV are all made from, so they cannot disagree."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wardcase.directory.models import Directorate
from wardcase.permissions.reports import may_group_by_councillor
from wardcase.reports import hot_spots, queries
from wardcase.reports.charts import bar_chart
from wardcase.reports.dimensions import DIMENSIONS


@dataclass
class Section:
    """One table of a report, and the bar chart of one of its columns."""

    slug: str
    title: str
    columns: list
    rows: list
    chart: dict | None = None
    note: str = ""

    @property
    def numeric(self):
        """Per column, whether it holds figures (aligned right) rather than names."""
        return [
            index > 0
            and all(isinstance(row[index], int | float) or row[index] == "" for row in self.rows)
            for index in range(len(self.columns))
        ]

    @property
    def table(self):
        """The header and rows with each cell's alignment, as the page's table wants them."""
        numeric = self.numeric
        return {
            "head": list(zip(self.columns, numeric, strict=True)),
            "rows": [list(zip(row, numeric, strict=True)) for row in self.rows],
        }


@dataclass
class Document:
    """A whole report for a period: what the page shows and every download contains."""

    slug: str
    title: str
    date_from: object
    date_to: object
    sections: list = field(default_factory=list)

    @property
    def period(self):
        return f"{self.date_from:%d %B %Y} to {self.date_to:%d %B %Y}"


def _blank(value):
    return "" if value is None else value


def response_times_section(report, *, slug="response-times", title=None):
    group_label = str(DIMENSIONS[report.group][0])
    rows = [
        [
            str(row.label),
            row.cases,
            _blank(row.median_days_to_acknowledge),
            _blank(row.acknowledged_on_time_percent),
            _blank(row.median_days_to_respond),
            _blank(row.responded_on_time_percent),
            row.overdue_now,
        ]
        for row in report.rows
    ]
    title = title or _("Response times by %(group)s") % {"group": group_label.lower()}
    return Section(
        slug=slug,
        title=title,
        columns=[
            group_label,
            _("Cases"),
            _("Median working days to acknowledge"),
            _("Acknowledged on time (%)"),
            _("Median working days to respond"),
            _("Responded on time (%)"),
            _("Overdue now"),
        ],
        rows=rows,
        chart=bar_chart(
            slug=slug,
            title=_("Share of cases acknowledged on time, by %(group)s")
            % {"group": group_label.lower()},
            labels=[r[0] for r in rows],
            values=[row.acknowledged_on_time_percent for row in report.rows],
            maximum=100,
            unit="%",
        ),
        note=_(
            "Working days leave out weekends, bank holidays, closure days and the days a case "
            "was paused waiting for information. On time means by the charter's due date "
            "(3 working days to acknowledge and 10 to respond unless a department's terms "
            "differ), counted over deadlines met or missed."
        ),
    )


def volumes_section(report, *, slug="volumes", title=None):
    group_label = str(DIMENSIONS[report.group][0])
    rows = [[str(row.label), row.cases, row.open_cases] for row in report.rows]
    title = title or _("Cases by %(group)s") % {"group": group_label.lower()}
    return Section(
        slug=slug,
        title=title,
        columns=[group_label, _("Cases"), _("Still open")],
        rows=rows,
        chart=bar_chart(
            slug=slug,
            title=title,
            labels=[r[0] for r in rows],
            values=[r[1] for r in rows],
        ),
    )


def hot_spots_section(spots, *, date_from, date_to):
    first, last = hot_spots.hot_spot_window(date_from=date_from, date_to=date_to)
    if first == date_from:
        when = _("in the period")
    else:
        when = _("in the period's last year, %(first)s to %(last)s") % {
            "first": date_format(first, "j F Y"),
            "last": date_format(last, "j F Y"),
        }
    return Section(
        slug="hot-spots",
        title=_("Hot spots"),
        columns=[_("Place"), _("Street or postcode sector"), _("Service"), _("Cases")],
        rows=[[s["place"], s["kind"], s["service"], s["cases"]] for s in spots],
        note=_(
            "Streets and postcode sectors with %(n)s or more cases about one service "
            "%(when)s. A sector is a postcode without its last two characters, such as TE1 1."
        )
        % {"n": hot_spots.HOT_SPOT_MINIMUM, "when": when},
    )


def quarterly(*, user, date_from, date_to):
    """The quarterly performance report for the scrutiny committee. Its response-time
    sections are read together, and so are its volumes: one pass over the period's cases
    and clocks per figure, not one per section."""
    period = {"user": user, "date_from": date_from, "date_to": date_to}
    doc = Document("quarterly", _("Quarterly performance report"), date_from, date_to)
    by_directorate = Directorate.objects.exists()  # where the council groups departments so
    times = queries.response_times_by(
        groups=["department", *(["directorate"] if by_directorate else []), "month"], **period
    )
    volumes = queries.volumes_by(groups=["ward", "service"], **period)
    doc.sections = [
        response_times_section(times["department"]),
        *(
            [response_times_section(times["directorate"], slug="response-times-directorate")]
            if by_directorate
            else []
        ),
        response_times_section(times["month"], slug="response-times-month"),
        volumes_section(volumes["ward"]),
        volumes_section(volumes["service"], slug="volumes-service"),
        hot_spots_section(hot_spots.hot_spots(**period), date_from=date_from, date_to=date_to),
    ]
    return doc


def enquiry_types(*, user, date_from, date_to):
    """The six-monthly report of enquiry types: who raised cases, how, and about what."""
    period = {"user": user, "date_from": date_from, "date_to": date_to}
    doc = Document("enquiry-types", _("Enquiry types report"), date_from, date_to)
    groups = ["enquirer_type", "channel", "service", "month"]
    if may_group_by_councillor(user):
        groups.append("councillor")
    reports = queries.volumes_by(groups=groups, **period)
    slugs = {"enquirer_type": "enquirer-type"}
    doc.sections = [volumes_section(reports[g], slug=slugs.get(g, g)) for g in groups]
    return doc


DOCUMENTS = {"quarterly": quarterly, "enquiry-types": enquiry_types}
