"""The councillor's "Request an update", guarded against sending the same chase twice.

Three taps used to send three emails. A chase within one working day of the last one is
still allowed (the councillor may have a reason) but only when confirmed, and the
question says when the last one went. The web page and the API both ask this service.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wardcase.audit.services import audit_record
from wardcase.cases.choices import EventKind
from wardcase.cases.models import CaseEvent
from wardcase.cases.services._base import (
    _answering_officer,
    case_action_require,
    case_event_record,
    case_lock_for_update,
    case_save_fields,
)
from wardcase.charter.clocks import council_calendar
from wardcase.core.errors import NeedsConfirmation
from wardcase.core.notifications import notify_user
from wardcase.permissions.case_actions import can_chase

if TYPE_CHECKING:
    from wardcase.accounts.models import User
    from wardcase.cases.models import Case


def case_last_chase_at(*, case: Case) -> datetime | None:
    """When an update was last requested on the case, or None."""
    return (
        CaseEvent.objects.filter(case=case, kind=EventKind.CHASE)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def chase_repeat_until(*, last: datetime) -> datetime:
    """Until when another chase counts as a repeat: the same time on the next working day
    (a chase on Friday at 16:00 is a repeat until Monday at 16:00)."""
    local = timezone.localtime(last)
    calendar = council_calendar(local.year)
    next_day = calendar.next_working_day(local.date())
    return local.replace(year=next_day.year, month=next_day.month, day=next_day.day)


def case_chase_recent(*, case: Case, now: datetime | None = None) -> datetime | None:
    """The time of the last chase if it was within one working day of `now`, else None."""
    last = case_last_chase_at(case=case)
    if last is None or (now or timezone.now()) >= chase_repeat_until(last=last):
        return None
    return last


@transaction.atomic
def case_chase(
    *, case: Case, by: User, message: str | None = "", confirm: bool = False
) -> CaseEvent:
    """The councillor's "request an update": recorded, and the officer is told. A repeat
    within one working day raises NeedsConfirmation unless `confirm`."""
    case = case_lock_for_update(case=case)
    case_action_require(
        allowed=can_chase(by, case),
        message=_("You cannot request an update on this case now."),
    )
    last = case_chase_recent(case=case)
    if last is not None and not confirm:
        raise NeedsConfirmation(
            _("An update was already requested on %(when)s. Send another request?")
            % {"when": date_format(timezone.localtime(last), "j F Y, H:i")},
            facts={"last_chased_at": last.isoformat()},
        )
    message = (message or "").strip()
    event = case_event_record(case=case, kind=EventKind.CHASE, by=by, body=message)
    case_save_fields(case=case)
    audit_record(actor=by, action="case.chased", case=case)
    notify_user(
        user=_answering_officer(case),
        case=case,
        template="cases/notices/chased.txt",
        context={"by": by, "message": message},
    )
    return event
