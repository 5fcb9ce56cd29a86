"""`{% case_table section %}`: a list's cases as every home page and queue shows them;
`{% overdue_rows clocks %}` and `{% officer_rows officers %}`: the overdue list's
deadlines, and its officers with their queues' figures; `{% summary_officer_rows %}`: the
home page summary's officers."""

from django import template

from wardcase.cases.case_table import case_table_html
from wardcase.cases.overdue_table import (
    officer_rows_html,
    overdue_rows_html,
    summary_officer_rows_html,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def case_table(context, section):
    """The section's table for the page's user; the owner named on every row where the
    page says `show_owner` (lists of many councillors' cases), else on others' only."""
    return case_table_html(
        section, request=context["request"], show_owner=context.get("show_owner", False)
    )


@register.simple_tag
def officer_rows(officers):
    return officer_rows_html(officers)


@register.simple_tag
def overdue_rows(clocks):
    return overdue_rows_html(clocks)


@register.simple_tag
def summary_officer_rows(officers):
    return summary_officer_rows_html(officers)
