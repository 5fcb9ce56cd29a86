"""The Council settings home: one list of sections, in the order the page shows them."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from wardcase.council.views.common import council_view


@dataclass(frozen=True)
class Section:
    title: str | Promise
    url_name: str
    description: str | Promise


# The council settings home lists these, in this order.
SECTIONS = [
    Section(
        gettext_lazy("Users"),
        "council_users:list",
        gettext_lazy("Invite people, change roles, unlock accounts and reset second factors."),
    ),
    Section(
        gettext_lazy("Wards"),
        "council:wards",
        gettext_lazy("The council's electoral wards and their ONS codes."),
    ),
    Section(
        gettext_lazy("Directorates and departments"),
        "council:departments",
        gettext_lazy("Who answers cases, grouped by directorate, with each head of service."),
    ),
    Section(
        gettext_lazy("Services"),
        "council:services",
        gettext_lazy("The glossary of services a case is logged against, by department."),
    ),
    Section(
        gettext_lazy("Charter terms"),
        "council:charter",
        gettext_lazy("Deadlines for answering cases, and overrides for some departments."),
    ),
    Section(
        gettext_lazy("Closure days"),
        "council:closure_days",
        gettext_lazy("Days the council is closed besides bank holidays: not working days."),
    ),
    Section(
        gettext_lazy("Retention period"),
        "council:retention",
        gettext_lazy("How long closed cases keep the constituent's personal data."),
    ),
    Section(
        gettext_lazy("Replies after closing"),
        "council:follow_up",
        gettext_lazy("How long an emailed reply to a closed case still goes on that case."),
    ),
    Section(
        gettext_lazy("Import cases"),
        "council:imports",
        gettext_lazy("Bring cases across from the previous system, checking them first."),
    ),
    Section(
        gettext_lazy("Failed emails"),
        "council:failed_emails",
        gettext_lazy("Notifications the mail server would not take, to send again."),
    ),
    Section(
        gettext_lazy("Letter templates"),
        "council:letters",
        gettext_lazy("The Word letters councillors fill from a case, and their merge fields."),
    ),
]


def _sections():
    """Each section of the council settings with its address."""
    return [(section, reverse(section.url_name)) for section in SECTIONS]


@council_view
def index(request):
    return render(request, "council/index.html", {"sections": _sections()})
