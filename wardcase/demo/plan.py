"""Planning the demo cases: who raises what, where, and each step of its life, and when.

`DemoPlanner.plan` draws every case from the demo's invented content (`demo_texts`) with
fixed random seeds, so the plan is the same every time, relative to the day it is run.
Planning reads the council's people and services and writes nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from wardcase.accounts.models import Role, User
from wardcase.charter.sla import bank_holidays, is_working_day
from wardcase.demo.texts import demo_texts
from wardcase.directory.models import Service

DEMO_SEED = 2026
DEMO_DAYS = 270

# How many cases end in each state. "Awaiting information" has no service to set it yet.
DEMO_MIX = [
    ("new", 10),
    ("assigned", 14),
    ("acknowledged", 16),
    ("in_progress", 26),
    ("responded", 20),
    ("closed:resolved", 68),
    ("closed:not_resolved", 18),
    ("closed:withdrawn", 10),
    ("closed:duplicate", 8),
    ("reopened", 10),
]

# Days before today a case in each final state was logged: open cases are mostly recent.
AGE_DAYS = {
    "new": (0.1, 6),
    "assigned": (0.5, 12),
    "acknowledged": (3, 45),
    "in_progress": (7, 150),
    "responded": (12, 200),
    "closed": (14, DEMO_DAYS),
    "reopened": (45, 250),
}


def choose_logger(rng, owner, caseworkers, coordinators):
    """Who logs a case for `owner`: a caseworker a third of the time, a coordinator a
    tenth, else the councillor."""
    roll = rng.random()
    if caseworkers and roll < 0.35:
        return rng.choice(caseworkers)
    if roll < 0.45:
        return rng.choice(coordinators)
    return owner


def contact_details(rng, first, last):
    """(contact preference, email, phone) of an invented constituent."""
    preference = rng.choices(["email", "phone", "letter", "none"], [60, 20, 15, 5])[0]
    email = phone = ""
    if preference == "email" or rng.random() < 0.5:
        handle = f"{first}.{last}".lower().replace("'", "")
        domain = rng.choice(["example.com", "example.org"])
        email = f"{handle}{rng.randint(1, 99)}@{domain}"
    if preference == "phone" or rng.random() < 0.5:
        phone = f"07700 900{rng.randint(0, 999):03d}"
    return preference, email, phone


def case_story(rng, texts, service_name, *, street, number, name):
    """(subject, description, located, words) of a case about this service, its braces
    filled with the place and person."""
    subject, description, located = rng.choice(texts.case_texts[service_name])
    words = {
        "street": street,
        "number": number,
        "name": name,
        "landmark": rng.choice(texts.landmarks),
        "park": rng.choice(texts.parks),
    }
    return subject.format(**words), description.format(**words), located, words


@dataclass
class _Step:
    at: datetime
    action: str
    by: User
    text: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class _Plan:
    final: str
    owner: User
    created_by: User
    fields: dict
    constituent: int  # index into the planned constituents' fields
    steps: list


class DemoPlanner:
    """Plans the demo cases for a council: `plan()` gives every case's steps, oldest first."""

    def __init__(self, council, *, now):
        # Content and clock draw from separate generators, so the cases are the same
        # whatever day the demo is seeded; only their dates move with today.
        self.rng = random.Random(DEMO_SEED)
        self.clock = random.Random(DEMO_SEED + 1)
        self.council = council
        self.now = now
        self.tz = timezone.get_current_timezone()
        self.texts = demo_texts()
        years = range(now.year - 2, now.year + 2)
        self.non_working = bank_holidays(council.nation, years)
        users = list(User.objects.filter(is_active=True).select_related("ward", "department"))
        self.councillors = [u for u in users if u.role == Role.COUNCILLOR]
        self.coordinators = [u for u in users if u.role == Role.COORDINATOR]
        self.caseworkers_for = {}
        for caseworker in User.objects.filter(role=Role.CASEWORKER, is_active=True):
            for councillor in caseworker.acts_for.all():
                self.caseworkers_for.setdefault(councillor.pk, []).append(caseworker)
        officers = [u for u in users if u.role == Role.OFFICER and u.department_id]
        heads = [u for u in users if u.role == Role.HEAD_OF_SERVICE and u.department_id]
        self.officers = {}
        for officer in officers:
            self.officers.setdefault(officer.department_id, []).append(officer)
        self.heads = {h.department_id: h for h in heads}
        self.services = [
            s
            for s in Service.objects.filter(
                department__council=council, active=True, department__active=True
            ).select_related("department")
            if s.department_id in self.officers and s.name in self.texts.case_texts
        ]
        if not self.councillors or not self.coordinators or not self.services:
            raise ValueError("The demo council needs councillors, a coordinator and officers.")
        self.streets = self._streets()

    # One case -------------------------------------------------------------------------

    def _streets(self):
        """Ward pk -> [(street, postcode district, sector)]."""
        ward_streets = self.texts.ward_streets
        sets = list(ward_streets.values())
        streets = {}
        for index, ward in enumerate(self.council.wards.order_by("name")):
            place = ward_streets.get(ward.name, sets[index % len(sets)])
            district, sector = place["district"], place["sector"]
            streets[ward.pk] = [(name, district, sector) for name in place["streets"]]
        return streets

    def _working_time(self, at, *, early=9, late=17):
        """`at`, or the next working day's office hours if it falls outside them."""
        local = timezone.localtime(at, self.tz)
        if local.hour >= late or not is_working_day(local.date(), self.non_working):
            day = local.date() + timedelta(days=1)
            while not is_working_day(day, self.non_working):
                day += timedelta(days=1)
            minutes = self.clock.randint(0, 120)
            local = datetime.combine(day, time(early), tzinfo=self.tz) + timedelta(minutes=minutes)
        elif local.hour < early:
            local = local.replace(hour=early, minute=self.clock.randint(0, 59))
        return local

    def _later(self, at, low_hours, high_hours):
        hours = self.clock.uniform(low_hours, high_hours)
        return self._working_time(at + timedelta(hours=hours))

    def _constituent(self, ward):
        rng, texts = self.rng, self.texts
        first, last = rng.choice(texts.first_names), rng.choice(texts.surnames)
        street, district, sector = rng.choice(self.streets[ward.pk])
        number = rng.randint(1, 140)
        unit = "".join(rng.choice(texts.inward_letters) for _ in range(2))
        preference, email, phone = contact_details(rng, first, last)
        fields = {
            "name": f"{first} {last}",
            "address": f"{number} {street}\nBrackenford",
            "postcode": f"{district} {sector}{unit}",
            "email": email,
            "phone": phone,
            "contact_preference": preference,
        }
        return fields, street, number

    def _plan(self, final, known_constituents):
        rng, texts = self.rng, self.texts
        owner = rng.choice(self.councillors)
        caseworkers = self.caseworkers_for.get(owner.pk, [])
        created_by = choose_logger(rng, owner, caseworkers, self.coordinators)
        service = rng.choice(self.services)
        ward = owner.ward or self.council.wards.first()

        # Some people come back with another problem: the duplicate check has work to do.
        same_ward = known_constituents.get(ward.pk, [])
        if same_ward and rng.random() < 0.12:
            constituent, street, number = rng.choice(same_ward)
        else:
            fields, street, number = self._constituent(ward)
            constituent = len(self.people)
            self.people.append(fields)
            known_constituents.setdefault(ward.pk, []).append((constituent, street, number))
        name = self.people[constituent]["name"]
        subject, description, located, _words = case_story(
            rng, texts, service.name, street=street, number=number, name=name
        )
        enquirer = rng.choices(["councillor", "mp", "msp"], [86, 11, 3])[0]
        personal = service.name in texts.personal_services
        restricted = service.name in texts.restricted_services
        if enquirer != "councillor":
            office = rng.choice(texts.offices[enquirer])
            description = f"Passed on by the office of {office}. {description}"
        fields = {
            "subject": subject,
            "description": description,
            "service": service,
            "case_type": rng.choices(
                ["enquiry", "service_request", "complaint", "information_request"],
                [55, 25, 12, 8],
            )[0],
            "channel": rng.choices(
                ["email", "phone", "surgery", "in_person", "letter", "social_media", "other"],
                [35, 20, 15, 10, 8, 8, 4],
            )[0],
            "enquirer_type": enquirer,
            "priority": rng.choices(["normal", "high", "urgent"], [75, 20, 5])[0],
            "location": f"Outside {number} {street}" if located else "",
            "consent_share_ward": rng.random() < 0.45,
            "consent_share_officers": personal or rng.random() < 0.92,
            "restricted": restricted and rng.random() < 0.5,
        }
        plan = _Plan(final, owner, created_by, fields, constituent, [])
        plan.steps = self._timeline(plan, service)
        return plan

    def _timeline(self, plan, service):
        """The steps of a case's life, from logging to its final state, at plausible times."""
        rng, final, texts = self.rng, plan.final, self.texts
        closing = texts.closing_comments
        low, high = AGE_DAYS[final.split(":")[0]]
        clock = self.clock
        start = self.now - timedelta(days=clock.uniform(low, high))
        if plan.fields["channel"] == "surgery":
            # Surgeries are on Saturday mornings.
            local = timezone.localtime(start, self.tz)
            local -= timedelta(days=(local.weekday() - 5) % 7)
            start = local.replace(hour=10, minute=0) + timedelta(minutes=clock.randint(0, 100))
        else:
            # The councillor's side logs a case when they hear of it, evenings included.
            local = timezone.localtime(start, self.tz)
            if not 7 <= local.hour < 22:
                local = local.replace(hour=clock.randint(7, 21), minute=clock.randint(0, 59))
            start = local
        owner_side = [plan.owner, *self.caseworkers_for.get(plan.owner.pk, [])]
        steps = [_Step(start, "create", plan.created_by)]
        at = start

        def add(action, by, low_hours, high_hours, text="", **extra):
            nonlocal at
            at = self._later(at, low_hours, high_hours)
            steps.append(_Step(at, action, by, text, extra))

        outcome = final.split(":")[1] if final.startswith("closed") else None
        if final == "new":
            return steps
        if outcome == "duplicate" and rng.random() < 0.5:
            add("close", plan.owner, 2, 48, rng.choice(closing["duplicate"]))
            steps[-1].extra["outcome"] = outcome
            return steps

        department = service.department
        officers = self.officers[department.pk]
        lead = rng.choice(officers)
        if department.pk in self.heads and rng.random() < 0.1:
            lead = self.heads[department.pk]
        coordinator = rng.choice(self.coordinators)
        late_triage = rng.random() < 0.1
        add("assign", coordinator, *((72, 140) if late_triage else (1, 30)), lead=lead)
        if len(officers) > 1 and rng.random() < 0.08:
            lead = rng.choice([o for o in officers if o.pk != lead.pk])
            add(
                "assign",
                coordinator,
                2,
                30,
                "Moved to the officer who covers this area.",
                lead=lead,
            )
        if final == "assigned":
            return steps
        if outcome == "duplicate":
            add("close", plan.owner, 2, 60, rng.choice(closing["duplicate"]))
            steps[-1].extra["outcome"] = outcome
            return steps

        late = rng.random() < 0.2
        add(
            "acknowledge",
            lead,
            *((100, 240) if late else (1, 60)),
            rng.choice(texts.acknowledgements),
        )
        if rng.random() < 0.3:
            add("note", rng.choice([lead, coordinator]), 4, 72, rng.choice(texts.notes))
        late_response = rng.random() < 0.3
        if final in {"acknowledged"}:
            if rng.random() < 0.4:
                add("chase", rng.choice(owner_side), 72, 300, rng.choice(texts.chases))
            return steps
        updates = {"in_progress": rng.randint(1, 3)}.get(final, rng.randint(0, 2))
        if outcome == "withdrawn":
            updates = rng.randint(0, 1)
        for _ in range(updates):
            if rng.random() < 0.25:
                add("chase", rng.choice(owner_side), 48, 200, rng.choice(texts.chases))
            add("update", lead, 24, 400, rng.choice(texts.updates[department.name]))
            if rng.random() < 0.2:
                add("member", rng.choice(owner_side), 4, 96, rng.choice(texts.member_messages))
        if final == "in_progress":
            return steps
        if outcome == "withdrawn":
            add("close", rng.choice(owner_side), 24, 300, rng.choice(closing[outcome]))
            steps[-1].extra["outcome"] = outcome
            return steps
        if late_response:
            add("chase", rng.choice(owner_side), 100, 300, rng.choice(texts.chases))
        answer = "not_resolved" if outcome == "not_resolved" else "resolved"
        add("respond", lead, 24, 500 if late_response else 150, rng.choice(texts.responses[answer]))
        if (final == "responded" and rng.random() < 0.4) or (outcome and rng.random() < 0.5):
            if answer == "resolved" and rng.random() < 0.25:
                # Proposed too soon: the councillor's side sends it back, the officer
                # finishes the job and proposes again.
                add("propose", lead, 2, 72, rng.choice(texts.closure_proposals))
                add("decline", rng.choice(owner_side), 4, 72, rng.choice(texts.closure_declines))
                add("update", lead, 24, 200, rng.choice(texts.updates[department.name]))
            add("propose", lead, 2, 72, rng.choice(texts.closure_proposals))
        if final == "responded":
            return steps
        add("close", rng.choice(owner_side), 12, 500, rng.choice(closing[answer]))
        steps[-1].extra["outcome"] = answer
        if final == "reopened":
            add("reopen", rng.choice(owner_side), 120, 1200, rng.choice(texts.reopen_reasons))
        return steps

    def _fit(self, plan):
        """Move a timeline that would run into the future back by whole weeks.

        Whole weeks keep each step's weekday and time of day, so office hours stay office
        hours, and the case simply becomes older than first drawn.
        """
        limit = self.now - timedelta(minutes=10)
        excess = plan.steps[-1].at - limit
        if excess > timedelta(0):
            weeks = timedelta(weeks=excess // timedelta(weeks=1) + 1)
            for step in plan.steps:
                step.at -= weeks

    # The whole plan -------------------------------------------------------------------

    def plan(self):
        """Every case's plan, oldest first. The same for the same day: the seed is fixed."""
        self.rng.seed(DEMO_SEED)
        self.clock.seed(DEMO_SEED + 1)
        self.people = []  # constituent fields, in the order planned
        known = {}
        plans = []
        for final, count in DEMO_MIX:
            for _ in range(count):
                plan = self._plan(final, known)
                self._fit(plan)
                plans.append(plan)
        plans.sort(key=lambda p: p.steps[0].at)
        return plans
