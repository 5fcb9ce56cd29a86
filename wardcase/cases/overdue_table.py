"""The overdue list's two tables, their rows written in Python: the deadlines past their
date, and the officers' queues.

The second lists every officer of the departments shown with their open and overdue
figures: some 250 rows for a large council. Through Django's templates (a `{% url %}`
and five lookups a row) it took longer than the rest of the page; the markup is the
same (`tests/cases/test_overdue_table.py` holds both equal to the templates they
replaced).
"""

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wardcase.charter.templatetags.charter import clock_tag, short_date
from wardcase.core.addresses import Address


def overdue_rows_html(clocks) -> SafeString:
    """One row per overdue deadline (`working_days_late` set, as the overdue list sets
    it): the case, the deadline and how late it is, the lead officer."""
    detail, queue = Address("cases:detail"), Address("charter:officer_queue")
    deadline, lead = _("Deadline"), _("Lead officer")
    escalated = format_html(
        ' <strong class="govuk-tag govuk-tag--pink">{}</strong>', _("Escalated")
    )
    rows = []
    for clock in clocks:
        case, officer = clock.case, clock.case.lead_officer
        who: str
        if officer:
            who = format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                queue.of(officer.username),
                str(officer),
            )
        else:
            who = _("None")
        days = clock.working_days_late
        rows.append(
            format_html(
                '<tr class="govuk-table__row"> <td class="govuk-table__cell"><a '
                'class="govuk-link govuk-!-font-weight-bold wc-case-ref" href="{}">{}</a><br>'
                '{}<br><span class="govuk-body-s">{}</span></td> <td class="govuk-table__cell" '
                'data-label="{}">{}<br>{}<br><strong>{}</strong><br>{}{}</td> '
                '<td class="govuk-table__cell" data-label="{}">{}</td> </tr>',
                detail.of(case.reference),
                case.reference,
                case.subject,
                str(case.department) if case.department else "",
                deadline,
                clock.get_kind_display(),
                _("due %(due)s") % {"due": short_date(clock.due_on)},
                ngettext("%(days)s working day late", "%(days)s working days late", days)
                % {"days": days},
                clock_tag(clock),
                escalated if clock.escalated_at else "",
                lead,
                who,
            )
        )
    return format_html_join(" ", "{}", ((row,) for row in rows))


def officer_rows_html(officers) -> SafeString:
    """One row per officer: name (linking to their queue) and department, open cases,
    overdue deadlines (`open_cases` and `overdue`, as `officer_queues` annotates them).
    The queue's address is reversed once for the table, not once a row."""
    # `{{ n }}` of a whole number: grouped only where the council's settings say so.
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    queue = Address("charter:officer_queue")
    return format_html_join(
        "",
        '<tr class="govuk-table__row"> <td class="govuk-table__cell"><a class="govuk-link" '
        'href="{}">{}</a><br><span class="govuk-body-s">{}</span></td> '
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td> '
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td> </tr> ',
        (
            (
                queue.of(officer.username),
                str(officer),
                str(officer.department),
                number(officer.open_cases),
                number(officer.overdue),
            )
            for officer in officers
        ),
    )


def summary_officer_rows_html(officers) -> SafeString:
    """The home page summary's officers (a head's): each a row headed by their name,
    linking to their queue, with their open cases and overdue deadlines. A head's 40
    officers through the template cost 1.7 ms of a home page."""
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    queue = Address("charter:officer_queue")
    return format_html_join(
        "",
        '<tr class="govuk-table__row">\n      <th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="{}">{}</a></th>\n      <td class="govuk-table__cell '
        'govuk-table__cell--numeric">{}</td>\n      <td class="govuk-table__cell '
        'govuk-table__cell--numeric">{}</td>\n    </tr>',
        (
            (
                queue.of(officer.username),
                str(officer),
                number(officer.open_cases),
                number(officer.overdue),
            )
            for officer in officers
        ),
    )
