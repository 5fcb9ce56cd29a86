"""The demo council: Brackenford, its people, and about two hundred invented cases.

`demo_seed` loads `data/demo_council.yaml` with the default glossary, gives every demo
user one shared password, and, if the database holds no cases yet, logs cases through
the real case services (so permissions, timeline, audit and outbox all run) and then
moves their timestamps back over the past nine months.

The work is shared out: `plan` plans the cases from the invented content in
`data/demo_texts.yaml` (read by `texts.demo_texts`), this module runs the plan through the
services, and `backdate` moves what they wrote back to when each step happened.

Everything is invented: people, addresses, postcodes (the BK area does not exist),
phone numbers (Ofcom's drama range) and email addresses (example.com and example.org).
A fixed random seed makes the demo the same every time, relative to the day it is run.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from wardcase.accounts.models import Role, User
from wardcase.cases import services as case_services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case
from wardcase.cases.services.charter_rebuild import rebuild_clocks
from wardcase.demo.backdate import Backdater
from wardcase.demo.plan import DemoPlanner
from wardcase.directory.council_file import read_council_file
from wardcase.directory.models import Council
from wardcase.directory.services import council_load

DEMO_COUNCIL_PATH = Path(__file__).resolve().parent / "data" / "demo_council.yaml"
DEMO_PASSWORD = "wardcase-demo-2026"

ROLE_ORDER = [
    Role.COUNCILLOR,
    Role.CASEWORKER,
    Role.COORDINATOR,
    Role.OFFICER,
    Role.HEAD_OF_SERVICE,
    Role.ADMINISTRATOR,
]


@dataclass
class DemoSummary:
    """What `demo_seed` did, and who can sign in."""

    load: object
    cases_created: int = 0
    already_seeded: bool = False
    statuses: Counter = field(default_factory=Counter)
    users: list = field(default_factory=list)
    password: str = DEMO_PASSWORD


def demo_seed(*, now=None):
    """Load the demo council and, into an empty case list, about 200 cases. Idempotent."""
    parsed = read_council_file(DEMO_COUNCIL_PATH)
    usernames = [u["username"] for u in parsed.data.get("users", [])]
    with transaction.atomic():
        load = council_load(
            data=parsed.data, lines=parsed.lines, glossary=True, demo_password=DEMO_PASSWORD
        )
        summary = DemoSummary(load=load)
        if Case.objects.exists():
            summary.already_seeded = True
        else:
            council = Council.objects.get(name=load.council)
            builder = _DemoCases(council, now=now or timezone.now())
            summary.cases_created = builder.build()
            summary.statuses = builder.statuses
    users = User.objects.filter(username__in=usernames).select_related("ward", "department")
    summary.users = sorted(users, key=lambda u: (ROLE_ORDER.index(u.role), u.username))
    return summary


def _day(at):
    at = timezone.localtime(at)
    return f"{at.day} {at:%B}"


class _DemoCases(DemoPlanner):
    """Plans the demo cases, runs them through the services, then back-dates them."""

    def __init__(self, council, *, now):
        super().__init__(council, now=now)
        self.statuses = Counter()

    def build(self):
        """Log the planned cases through the services, then back-date them. Returns a count."""
        plans = self.plan()
        backdater = Backdater()
        constituents = {}
        ids = [self._run(plan, constituents, backdater) for plan in plans]
        cases = list(Case.objects.filter(pk__in=ids))
        for case in cases:
            self.statuses[case.status if case.status != Status.CLOSED else case.outcome] += 1
        backdater.backdate(cases)
        rebuild_clocks(case_ids=ids)  # the charter clocks, as they would stand after those dates
        return len(cases)

    def _run(self, plan, constituents, backdater):
        """Log one case and take it through its steps; `constituents` maps index -> row."""
        case = None
        for step in plan.steps:
            if step.action == "create":
                case = case_services.case_create(
                    by=step.by,
                    owner=plan.owner,
                    constituent=constituents.get(plan.constituent, self.people[plan.constituent]),
                    **plan.fields,
                )
                constituents[plan.constituent] = case.constituent
            else:
                self._act(case, step, plan)
            backdater.stamp(case, step.at)
        return case.pk

    def _act(self, case, step, plan):
        by, text = step.by, step.text.replace("{date}", _day(step.at))
        # A caseworker closes or reopens only on the councillor's recorded say-so.
        authority = ""
        if by.pk != plan.owner.pk:
            authority = f"{plan.owner} agreed by phone on {_day(step.at)}."
        if step.action == "assign":
            lead = step.extra["lead"]
            case_services.case_assign(
                case=case, by=by, department=lead.department, lead_officer=lead, reason=text
            )
        elif step.action == "acknowledge":
            case_services.case_acknowledge(case=case, by=by, message=text)
        elif step.action in {"note", "update", "respond", "member"}:
            kind = {
                "note": EventKind.NOTE,
                "update": EventKind.UPDATE,
                "respond": EventKind.FULL_RESPONSE,
                "member": EventKind.MEMBER_MESSAGE,
            }[step.action]
            case_services.case_add_event(case=case, by=by, kind=kind, body=text)
        elif step.action == "chase":
            # Each step is back-dated after it runs: a second chase is days apart in the
            # story, though seconds apart now, so it is confirmed rather than asked.
            case_services.case_chase(case=case, by=by, message=text, confirm=True)
        elif step.action == "propose":
            case_services.case_propose_closure(case=case, by=by, reason=text)
        elif step.action == "decline":
            case_services.case_decline_closure(case=case, by=by, reason=text)
        elif step.action == "close":
            case_services.case_close(
                case=case, by=by, outcome=step.extra["outcome"], comment=text, authority=authority
            )
        elif step.action == "reopen":
            case_services.case_reopen(case=case, by=by, reason=text, authority=authority)
        else:  # pragma: no cover - a typo in the plan
            raise ValueError(step.action)
