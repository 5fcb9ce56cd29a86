"""The search results' table, written in Python: the HTML its template wrote.

Every search for words shows 20 of these rows, each with its status and deadline lines.
Through the template a page of them took about 2.6 ms of a search's 25 ms of CPU (a
lookup per variable, a tag per status and per deadlines). The markup is the same:
`tests/search/test_results_table.py` holds it equal to the template it replaced.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wardcase.cases.templatetags.wardcase import status_tag
from wardcase.charter.templatetags.charter import clock_lines
from wardcase.core.addresses import Address

register = template.Library()


@register.simple_tag
def search_results_table(results) -> SafeString:
    """The table of a page of results: each case's reference and subject, the words it
    matched (`search_snippet`, already escaped and marked) and its status and deadlines."""
    detail = Address("cases:detail")
    match, status = _("Match"), _("Status")
    rows = format_html_join(
        "",
        '<tr class="govuk-table__row"> <td class="govuk-table__cell"> <a class="govuk-link '
        'govuk-!-font-weight-bold wc-case-ref" href="{}">{}</a><br> {} </td> '
        '<td class="govuk-table__cell" data-label="{}">{}</td> '
        '<td class="govuk-table__cell" data-label="{}"> {} {} </td> </tr> ',
        (
            (
                detail.of(case.reference),
                case.reference,
                case.subject,
                match,
                getattr(case, "search_snippet", "") or "",
                status,
                status_tag(case),
                clock_lines(case) if getattr(case, "live_clocks", None) else "",
            )
            for case in results
        ),
    )
    return format_html(
        '<div class="wc-table-wrapper" role="region" aria-labelledby="results-heading" '
        'tabindex="0"> <table class="govuk-table govuk-table--small-text-until-tablet '
        'wc-table--stack"> <caption class="govuk-table__caption govuk-visually-hidden">{}'
        '</caption> <thead class="govuk-table__head"> <tr class="govuk-table__row"> '
        '<th scope="col" class="govuk-table__header">{}</th> '
        '<th scope="col" class="govuk-table__header">{}</th> '
        '<th scope="col" class="govuk-table__header">{}</th> </tr> </thead> '
        '<tbody class="govuk-table__body"> {}</tbody> </table> </div>',
        _("Cases matching the search"),
        _("Case"),
        match,
        status,
        rows,
    )
