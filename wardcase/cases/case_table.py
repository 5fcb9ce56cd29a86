"""A list's table of cases, written in Python: the HTML the case table template wrote.

Every home page and queue shows 25 of these rows. Through Django's templates each row
took about 0.3 ms (tags, filters, an include for the chase button, a lookup per
variable): with the page's queries bounded, that was a third of an officer's queue at a
million cases. The markup is the same; `tests/cases/test_case_table.py` holds it equal
to the template it replaced.

Two or three columns; on a phone the rows stack as cards (wc-table--stack), each cell
labelled. The wrapper is a focusable, labelled region so it can still be scrolled by
keyboard if text is enlarged. New cases (a triage section) show what routing needs
instead of a response they cannot have yet.
"""

from django.middleware.csrf import get_token
from django.template.defaultfilters import urlencode
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wardcase.cases.templatetags.wardcase import next_deadline, priority_tag, status_tag
from wardcase.charter.templatetags.charter import clock_lines
from wardcase.core.addresses import Address


def case_table_html(section, *, request, show_owner=False) -> SafeString:
    """The table of `section["cases"]` as `request.user` sees it."""
    triage = section.get("triage")
    if triage:
        headers = format_html(
            '<th scope="col" class="govuk-table__header">{}</th> '
            '<th scope="col" class="govuk-table__header">{}</th> ',
            _("Service and ward"),
            _("Waiting"),
        )
    else:
        headers = format_html(
            '<th scope="col" class="govuk-table__header">{}</th> ', _("Latest response")
        )
    page = _Page(request, show_owner)
    rows = format_html_join("", "{}", ((page.row(case, triage),) for case in section["cases"]))
    return format_html(
        '<div class="wc-table-wrapper" role="region" aria-labelledby="{}-heading" '
        'tabindex="0"> <table class="govuk-table govuk-table--small-text-until-tablet '
        'wc-table--stack"> <caption class="govuk-table__caption govuk-visually-hidden">{}'
        '</caption> <thead class="govuk-table__head"> <tr class="govuk-table__row"> '
        '<th scope="col" class="govuk-table__header">{}</th> {}</tr> </thead> '
        '<tbody class="govuk-table__body"> {}</tbody> </table> </div>',
        section["key"],
        section["title"],
        _("Case"),
        headers,
        rows,
    )


class _Page:
    """What every row of one page shares: the user, the words, the page's own address,
    the cases' addresses, and the tags and deadline lines already written (rows alike in
    status, priority or deadlines show the same markup)."""

    def __init__(self, request, show_owner):
        self.request = request
        self.detail, self.close, self.chase = (
            Address("cases:detail"),
            Address("cases:close"),
            Address("cases:chase"),
        )
        self.written = {}
        self.user_id = request.user.pk
        self.show_owner = show_owner
        self.full_path = request.get_full_path()
        self._csrf = None
        self.words = {
            "constituent": _("Constituent:"),
            "own_query": _("Own query"),
            "councillor": _("Councillor:"),
            "chased": _("Update requested"),
            "service_and_ward": _("Service and ward"),
            "waiting": _("Waiting"),
            "no_service": _("No service"),
            "no_ward": _("Ward not known"),
            "today": _("Logged today"),
            "latest": _("Latest response"),
            "no_response": _("No response yet"),
            "close": _("Close the case"),
            "chase": _("Request an update"),
        }

    @property
    def csrf(self):
        """One token for the page's forms, as `{% csrf_token %}` gives every form one."""
        if self._csrf is None:
            self._csrf = get_token(self.request)
        return self._csrf

    def once(self, key, write, case):
        """`write(case)`, or what it wrote for an earlier row with the same `key`."""
        if key not in self.written:
            self.written[key] = write(case)
        return self.written[key]

    def row(self, case, triage):
        cells = self.case_cell(case)
        cells += self.triage_cells(case) if triage else self.response_cell(case)
        return format_html('<tr class="govuk-table__row"> {} </tr> ', cells)

    def case_cell(self, case):
        words = self.words
        who = case.constituent.name if case.constituent else words["own_query"]
        owner = ""
        if self.show_owner or case.owner_id != self.user_id:
            owner = format_html(
                '<span aria-hidden="true"> · </span>'
                '<span class="govuk-visually-hidden">{} </span>{}',
                words["councillor"],
                str(case.owner),
            )
        chased = ""
        if getattr(case, "wc_chased", False):
            chased = format_html(
                ' <strong class="govuk-tag govuk-tag--orange">{}</strong>', words["chased"]
            )
        clocks = getattr(case, "live_clocks", None)
        if clocks:
            deadlines = self.once(
                ("clocks", *((c.kind, c.state, c.due_on, bool(c.breached_at)) for c in clocks)),
                clock_lines,
                case,
            )
        else:
            deadlines = next_deadline(case)
        proposed = case.is_open and bool(case.closure_proposed_at)
        return format_html(
            '<td class="govuk-table__cell"> <a class="govuk-link govuk-!-font-weight-bold '
            'wc-case-ref" href="{}">{}</a><br> {}<br> '
            '<span class="govuk-visually-hidden">{} </span>{}{} '
            '<div class="govuk-!-margin-top-1">{} {}{}</div> {} </td> ',
            self.detail.of(case.reference),
            case.reference,
            case.subject,
            words["constituent"],
            who,
            owner,
            self.once(("status", case.status, proposed), status_tag, case),
            self.once(("priority", case.priority), priority_tag, case),
            chased,
            deadlines,
        )

    def triage_cells(self, case):
        words = self.words
        days = getattr(case, "wc_age_days", 0)
        if days:
            waiting = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        else:
            waiting = words["today"]
        return format_html(
            '<td class="govuk-table__cell" data-label="{}"> {}<br> '
            '<span class="govuk-body-s">{}</span> </td> '
            '<td class="govuk-table__cell" data-label="{}"> {} </td>',
            words["service_and_ward"],
            str(case.service) if case.service else words["no_service"],
            str(case.ward) if case.ward else words["no_ward"],
            words["waiting"],
            waiting,
        )

    def response_cell(self, case):
        words = self.words
        body = getattr(case, "latest_response_body", None)
        if body:
            answered = format_html(
                '{}<br> <span class="govuk-body-s">{}</span> ',
                Truncator(body).chars(140),
                date_format(timezone.localtime(case.latest_response_at), "j M Y, H:i"),
            )
        else:
            answered = words["no_response"]
        close = chase = ""
        if getattr(case, "wc_can_close", False):
            close = format_html(
                '<div class="govuk-!-margin-top-2"><a class="govuk-button '
                'govuk-!-margin-bottom-0" data-module="govuk-button" role="button" '
                'draggable="false" href="{}?next={}">{}<span class="govuk-visually-hidden"> '
                "{}</span></a></div>",
                self.close.of(case.reference),
                urlencode(self.full_path),
                words["close"],
                case.reference,
            )
        if getattr(case, "wc_can_chase", False):
            chase = format_html(
                '<div class="govuk-!-margin-top-2">{} </div>', self.chase_form(case)
            )
        return format_html(
            '<td class="govuk-table__cell" data-label="{}"> {} {} {} </td>',
            words["latest"],
            answered,
            close,
            chase,
        )

    def chase_form(self, case):
        """cases/includes/chase_button.html with htmx, as the case page has it too (the
        markup test renders that include, so a change to it fails until this follows)."""
        url = self.chase.of(case.reference)
        return format_html(
            ' <div id="chase-{}" aria-live="polite"> <form method="post" action="{}" '
            'novalidate hx-post="{}" hx-target="#chase-{}" hx-swap="innerHTML" '
            'hx-disabled-elt="find button"> <input type="hidden" name="csrfmiddlewaretoken" '
            'value="{}"> <input type="hidden" name="next" value="{}"> <button type="submit" '
            'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
            'data-module="govuk-button" data-prevent-double-click="true">{}'
            '<span class="govuk-visually-hidden"> {}</span></button> </form> </div>',
            case.reference,
            url,
            url,
            case.reference,
            self.csrf,
            self.full_path,
            self.words["chase"],
            _("on %(ref)s") % {"ref": case.reference},
        )
