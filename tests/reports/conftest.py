"""A small, hand-checked world for the reports, in March 2026 (London is on GMT).

Four Highways cases are logged and assigned on Monday 2 March at 10:00:

    case    acknowledged          working days   on time (due)   full response
    A       Tue 3 March 11:00     1              yes (5 Mar)     Fri 6 March: 4 days
    B       Tue 10 March 10:00    3 (6 less 3    yes (10 Mar)    -
                                  paused: Wed 4 to Mon 9 March)
    C       Mon 9 March 10:00     5              no (5 Mar)      -
    D       Wed 4 March 09:00     2              yes (5 Mar)     -   then anonymised

Median to acknowledge 2.5 (1, 2, 3, 5); 3 of 4 on time. Median to respond 4, 1 of 1 on
time. On 20 March the response deadlines of B (19 March), C and D (16 March) have passed:
three cases overdue now. One Housing case (E) is logged the same day and never assigned.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests import factories
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.privacy.anonymise import anonymise_cases

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def _log(world, owner, subject, service=None, location="", channel="email", **extra):
    """A case logged through the service in the world's ward; `extra` goes to case_create
    (a `constituent` dict replaces the default one)."""
    extra.setdefault("constituent", {"name": f"Resident {subject}"})
    return services.case_create(
        by=owner,
        owner=owner,
        subject=subject,
        description="Hand-checked report case.",
        service=service or world.service,
        ward=world.ward,
        location=location,
        channel=channel,
        **extra,
    )


@pytest.fixture
def march(world):
    """The four Highways cases and the Housing case described above."""
    return build_march(world)


def build_march(world):
    cases = {}
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        cases["A"] = _log(world, world.councillor, "A", location="Mill Lane")
        cases["B"] = _log(world, world.other_councillor, "B", location="Mill Lane")
        cases["C"] = _log(world, world.councillor, "C", location="mill lane ", channel="phone")
        cases["D"] = _log(world, world.councillor, "D", location="Mill Lane")
        housing = factories.ServiceFactory(department=world.other_department, name="Repairs")
        cases["E"] = _log(world, world.other_councillor, "E", service=housing)
        for key in "ABCD":
            cases[key] = services.case_assign(
                case=cases[key],
                by=world.coordinator,
                department=world.department,
                lead_officer=world.officer,
            )
    steps = [
        (at(2026, 3, 3, 11), lambda: services.case_acknowledge(case=cases["A"], by=world.officer)),
        (at(2026, 3, 4, 9), lambda: services.case_acknowledge(case=cases["D"], by=world.officer)),
        (
            at(2026, 3, 4, 10),
            lambda: services.case_pause(case=cases["B"], by=world.officer, reason="Photos"),
        ),
        (
            at(2026, 3, 6, 12),
            lambda: services.case_add_event(
                case=cases["A"], by=world.officer, kind=EventKind.FULL_RESPONSE, body="Fixed."
            ),
        ),
        (at(2026, 3, 9, 10), lambda: services.case_resume(case=cases["B"], by=world.officer)),
        (at(2026, 3, 9, 10), lambda: services.case_acknowledge(case=cases["C"], by=world.officer)),
        (at(2026, 3, 10, 10), lambda: services.case_acknowledge(case=cases["B"], by=world.officer)),
    ]
    for moment, step in steps:
        with time_machine.travel(moment, tick=False):
            step()
    with time_machine.travel(at(2026, 3, 12, 10), tick=False):
        anonymise_cases(case_ids=[cases["D"].pk], at=at(2026, 3, 12, 10), reason="test")
    return cases


@pytest.fixture
def on_20_march():
    with time_machine.travel(at(2026, 3, 20, 12), tick=False):
        yield
