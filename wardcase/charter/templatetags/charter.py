"""Clocks in words and colour. The words carry the meaning; colour only repeats it."""

from datetime import timedelta
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wardcase.charter.models import Clock

register = template.Library()
State = Clock.State
DUE_SOON_DAYS = 2

TAG_COLOURS = {
    "overdue": "govuk-tag--red",
    "due-soon": "govuk-tag--orange",
    "on-track": "govuk-tag--green",
    "paused": "govuk-tag--grey",
    "met": "govuk-tag--blue",
    "met-late": "govuk-tag--yellow",
    "stopped": "govuk-tag--grey",
}


@lru_cache(maxsize=4096)
def _short_date(day, language):
    return date_format(day, "j M Y")


def short_date(day):
    """`date_format(day, "j M Y")`, worked out once a day and language: a list of 25
    cases shows some 60 deadline dates, and each formatting took about 18 us."""
    return _short_date(day, get_language())


def clock_status(clock, today=None):
    """(key, words) for a clock's state as a person would say it."""
    today = today or timezone.localdate()
    if clock.state == State.MET:
        return ("met-late", _("Met late")) if clock.breached_at else ("met", _("Met"))
    if clock.state == State.STOPPED:
        return "stopped", _("Stopped when closed")
    if clock.state == State.PAUSED:
        return "paused", _("Paused")
    if clock.state == State.BREACHED or clock.due_on < today:
        return "overdue", _("Overdue")
    if clock.due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due-soon", _("Due soon")
    return "on-track", _("On track")


@register.simple_tag
def clock_tag(clock):
    key, words = clock_status(clock)
    return format_html('<strong class="govuk-tag {}">{}</strong>', TAG_COLOURS[key], words)


@register.simple_tag
def clock_lines(case):
    """A list row's live clocks, one per line: "On track: full response by 16 Mar 2026".

    Every clock that is overdue, due soon or paused is listed, but only the soonest on
    track: the case page has the rest, and on a phone three on-track dates per row made
    a list of twenty cases seven screens long."""
    clocks = getattr(case, "live_clocks", None)
    if not clocks:
        return ""
    today = timezone.localdate()
    line = _("%(state)s: %(what)s by %(date)s")
    rows = []
    on_track_shown = False
    for clock in clocks:  # soonest first
        key, words = clock_status(clock, today)
        if key == "on-track":
            if on_track_shown:
                continue
            on_track_shown = True
        what = clock.get_kind_display().lower()
        rows.append((key, line % {"state": words, "what": what, "date": short_date(clock.due_on)}))
    return format_html(
        '<ul class="govuk-list govuk-body-s wc-clock-lines">{}</ul>',
        format_html_join("", '<li class="wc-deadline wc-deadline--{}">{}</li>', rows),
    )
