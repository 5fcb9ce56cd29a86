"""Making one generated case: its constituent, details, timeline, clocks, audit and files.

`CaseMaker.make` plans a case's life for the state it should end in and times each step
in office hours; `playing.StepPlayer` then plays the steps as the case services would:
the same statuses and stamps on the case, the same timeline events with the same data,
the same audit entries, and the clocks through `CaseClocks`. Nothing is written here:
rows go to `Rows` tables.
"""

import itertools
from datetime import datetime, time, timedelta

from django.conf import settings

from wardcase.cases.choices import EventKind, Status
from wardcase.demo.generating.clocks import CaseClocks
from wardcase.demo.generating.playing import StepPlayer
from wardcase.demo.generating.words import (
    DETAILS,
    RARE_WORDS,
    generated_streets,
    generated_surnames,
)
from wardcase.demo.plan import case_story, choose_logger, contact_details
from wardcase.demo.texts import demo_texts

# The state a case ends in, by how many days ago it was logged: older ones are mostly closed.
FINAL_BY_AGE = (
    (
        14,
        {
            "new": 25,
            "assigned": 25,
            "acknowledged": 20,
            "in_progress": 15,
            "paused": 5,
            "responded": 5,
            "closed": 5,
        },
    ),  # fmt: skip
    (
        120,
        {
            "new": 3,
            "assigned": 7,
            "acknowledged": 12,
            "in_progress": 22,
            "paused": 6,
            "responded": 18,
            "closed": 27,
            "reopened": 5,
        },
    ),  # fmt: skip
    (
        None,
        {
            "new": 0.5,
            "assigned": 0.5,
            "acknowledged": 1,
            "in_progress": 2,
            "paused": 1,
            "responded": 2,
            "closed": 90,
            "reopened": 3,
        },
    ),  # fmt: skip
)
OUTCOMES = {"resolved": 62, "not_resolved": 18, "withdrawn": 12, "duplicate": 8}
MAX_EVENTS, MIN_EVENTS = 8, 3


def _weights(mapping):
    keys = list(mapping)
    return keys, list(itertools.accumulate(mapping[k] for k in keys))


class CaseMaker:
    """Makes cases for one council; `tables` are the `Rows` to add to, by model name."""

    def __init__(self, *, staff, book, tables, rng, now, files):
        self.staff, self.book, self.tables, self.rng, self.now = staff, book, tables, rng, now
        self.files = files  # (name, bytes) of attachments still to be stored
        self.texts = demo_texts()
        self.today = book.today
        self.cal = book.calendar
        self.day_start, self.day_end = settings.WARDCASE_WORKING_HOURS
        self.counters = {}  # year -> last reference number issued
        self.known = {}  # ward pk -> [(constituent id, street, number)]: repeat visitors
        self.finals = [(age, *_weights(mix)) for age, mix in FINAL_BY_AGE]
        self.outcomes = _weights(OUTCOMES)
        self.streets = self._streets()
        surnames = list(self.texts.surnames) + list(generated_surnames())
        self.surnames = surnames
        # A long tail: the first names are common, the last rare.
        self.surname_weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(surnames))))
        self.names = {}
        self.statuses = {}

    # Places and people -----------------------------------------------------------------

    def _streets(self):
        demo = self.texts.ward_streets
        more = generated_streets()
        streets = {}
        for index, ward in enumerate(self.staff.council.wards.order_by("pk")):
            if ward.name in demo:
                place = demo[ward.name]
                streets[ward.pk] = (place["district"], place["sector"], list(place["streets"]))
            else:
                chosen = [more[(index * 37 + k * 101) % len(more)] for k in range(14)]
                streets[ward.pk] = (f"BK{10 + index}", index % 9 + 1, chosen)
        return streets

    def _name(self, user):
        if user.pk not in self.names:
            self.names[user.pk] = str(user)
        return self.names[user.pk]

    def _surname(self):
        return self.rng.choices(self.surnames, cum_weights=self.surname_weights)[0]

    def _person(self, ward_id, created_by, at):
        rng, texts = self.rng, self.texts
        known = self.known.setdefault(ward_id, [])
        if known and rng.random() < 0.15:  # a repeat visitor with another problem
            return rng.choice(known)
        district, sector, streets = self.streets[ward_id]
        first, last = rng.choice(texts.first_names), self._surname()
        street, number = rng.choice(streets), rng.randint(1, 180)
        unit = rng.choice(texts.inward_letters) + rng.choice(texts.inward_letters)
        preference, email, phone = contact_details(rng, first, last)
        people = self.tables["Constituent"]
        pk = people.new_id()
        people.add(
            (
                pk,
                at,
                at,
                f"{first} {last}",
                f"{number} {street}\nBrackenford",
                f"{district} {sector}{unit}",
                email,
                phone,
                preference,
                created_by.pk,
            )
        )
        visitor = (pk, f"{first} {last}", street, number)
        known.append(visitor)
        if len(known) > 2000:
            del known[:1000]
        return visitor

    # Times -----------------------------------------------------------------------------

    def _office_hours(self, at):
        """`at`, or the next working day's office hours if it falls outside them."""
        if at.hour >= self.day_end or not self.cal.is_working_day(at.date()):
            day = self.cal.next_working_day(at.date())
            minutes = self.rng.randint(0, 120)
            return datetime.combine(day, time(self.day_start), tzinfo=at.tzinfo) + timedelta(
                minutes=minutes
            )
        if at.hour < self.day_start:
            return at.replace(hour=self.day_start, minute=self.rng.randint(0, 59))
        return at

    def _logged_at(self, age_days, channel):
        rng = self.rng
        day = self.now.date() - timedelta(days=int(age_days))
        if channel == "surgery":  # Saturday morning surgeries
            day -= timedelta(days=(day.weekday() - 5) % 7)
            clock = time(10, rng.randint(0, 59))
        else:  # the councillor's side logs a case when they hear of it, evenings too
            clock = time(rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59))
        return datetime.combine(day, clock, tzinfo=self.now.tzinfo)

    # The plan --------------------------------------------------------------------------

    def _final(self, age_days):
        for limit, keys, weights in self.finals:
            if limit is None or age_days < limit:
                return self.rng.choices(keys, cum_weights=weights)[0]
        raise AssertionError  # pragma: no cover - the last row has no limit

    def _steps(self, final, outcome):
        """[(action, low hours, high hours, optional)] after logging, for the final state."""
        rng = self.rng
        steps = []

        def add(action, low, high, optional=False):
            steps.append((action, low, high, optional))

        if final == "new":
            add("note", 1, 30)
            add("member", 2, 48)
            return steps
        if final == "closed" and outcome == "duplicate" and rng.random() < 0.5:
            add("note", 1, 24)
            add("close", 2, 48)
            return steps
        add("assign", 2, 30)
        if rng.random() < 0.1:
            add("share", 1, 48, True)
        if final == "assigned":
            add("chase", 24, 120)
            return steps
        late = rng.random() < 0.2
        add("acknowledge", *((100, 240) if late else (1, 60)))
        if rng.random() < 0.3:
            add("note", 4, 72, True)
        if final == "paused":
            add("pause", 24, 200)
            return steps
        if final == "acknowledged":
            add("chase", 72, 300, True)
            return steps
        updates = rng.randint(1, 2) if final == "in_progress" else rng.randint(0, 1)
        for _ in range(updates):
            if rng.random() < 0.25:
                add("chase", 48, 200, True)
            add("update", 24, 400)
        if final == "in_progress":
            return steps
        if outcome == "withdrawn":
            add("close", 24, 300)
            return steps
        late_response = rng.random() < 0.3
        add("respond", 24, 500 if late_response else 150)
        if final == "responded":
            if rng.random() < 0.4:
                add("propose", 2, 72)
            return steps
        if rng.random() < 0.5:
            add("propose", 2, 72)
        add("close", 12, 500)
        if final == "reopened":
            add("reopen", 120, 1200)
        return steps

    def _fitted(self, steps):
        """At most MAX_EVENTS events in all: optional steps go first, then updates."""
        while len(steps) + 1 > MAX_EVENTS:
            optional = [i for i, s in enumerate(steps) if s[3]]
            updates = [i for i, s in enumerate(steps) if s[0] == "update"]
            del steps[(optional or updates)[0]]
        while len(steps) + 1 < MIN_EVENTS:
            steps.insert(0, ("note", 1, 24, True))
        return steps

    # One case --------------------------------------------------------------------------

    def make(self, age_days):
        """Plan, time and play one case; returns its id."""
        rng, staff, texts = self.rng, self.staff, self.texts
        final = self._final(age_days)
        keys, weights = self.outcomes
        outcome = rng.choices(keys, cum_weights=weights)[0] if final == "closed" else ""
        if final == "reopened":
            outcome = "resolved"
        service = rng.choice(staff.services)
        owner = rng.choice(staff.councillors)
        caseworkers = staff.caseworkers_for.get(owner.pk, [])
        created_by = choose_logger(rng, owner, caseworkers, staff.coordinators)
        channel = rng.choices(
            ["email", "phone", "surgery", "in_person", "letter", "social_media", "other"],
            [35, 20, 15, 10, 8, 8, 4],
        )[0]
        steps = self._fitted(self._steps(final, outcome))

        # Times: each step in office hours after the one before; a timeline that would run
        # past now moves back by whole weeks, keeping weekdays and hours.
        logged = self._logged_at(age_days, channel)
        times, at = [logged], logged
        for _action, low, high, _optional in steps:
            at = self._office_hours(at + timedelta(hours=rng.uniform(low, high)))
            times.append(at)
        limit = self.now - timedelta(minutes=10)
        if times[-1] > limit:
            weeks = timedelta(weeks=(times[-1] - limit) // timedelta(weeks=1) + 1)
            times = [t - weeks for t in times]
        logged = times[0]

        person_id, person_name, street, number = self._person(owner.ward_id, created_by, logged)
        subject, description, located, words = case_story(
            rng, texts, service.name, street=street, number=number, name=person_name
        )
        if rng.random() < 0.7:
            detail = rng.choice(DETAILS).format(
                rare=rng.choice(RARE_WORDS).replace("-", " "),
                other=rng.randint(1, 180),
                surname=self._surname(),
                weeks=rng.randint(2, 12),
                **words,
            )
            description = f"{description} {detail}"
        enquirer = rng.choices(["councillor", "mp"], [88, 12])[0]
        if enquirer != "councillor":
            description = f"Passed on by the office of {rng.choice(texts.offices[enquirer])}. " + (
                description
            )
        case_type = rng.choices(
            ["enquiry", "service_request", "complaint", "information_request"], [55, 25, 12, 8]
        )[0]
        year = logged.year
        self.counters[year] = self.counters.get(year, 0) + 1
        cases = self.tables["Case"]
        case_id = cases.new_id()
        case = {
            "status": Status.NEW,
            "outcome": "",
            "department": None,
            "lead": None,
            "assigned_at": None,
            "acknowledged_at": None,
            "responded_at": None,
            "closure_proposed_at": None,
            "closed_at": None,
            "last": logged,
            "chased_at": None,
        }
        clocks = CaseClocks(self.book, case_type=case_type)
        play = StepPlayer(self, case_id, case, clocks, owner, caseworkers)
        created = play.event(EventKind.CREATED, logged, created_by, on_behalf_of=owner.pk)
        play.audit("case.created", logged, created_by)
        if rng.random() < 0.06:
            play.attachment(created, logged, created_by)
        lead = rng.choice(staff.officers[service.department_id])
        if service.department_id in staff.heads and rng.random() < 0.1:
            lead = staff.heads[service.department_id]
        for (action, *_rest), at in zip(steps, times[1:], strict=True):
            play.step(action, at, lead=lead, service=service, outcome=outcome)
        clocks.finish()
        acknowledge_due, response_due = clocks.due_dates()
        for row in clocks.rows(case_id, self.tables["Clock"].new_id):
            self.tables["Clock"].add(row)
        personal = service.name in texts.personal_services
        cases.add(
            (
                case_id,
                logged,
                case["last"],
                f"WC-{year}-{self.counters[year]:06d}",
                subject,
                description,
                case_type,
                service.pk,
                channel,
                enquirer,
                rng.choices(["normal", "high", "urgent"], [75, 20, 5])[0],
                person_id,
                owner.ward_id,
                f"Outside {number} {street}" if located else "",
                rng.random() < 0.45,
                personal or rng.random() < 0.92,
                service.name in texts.restricted_services and rng.random() < 0.5,
                created_by.pk,
                logged,
                owner.pk,
                created_by.pk,
                case["department"],
                case["lead"],
                case["status"],
                case["outcome"],
                case["assigned_at"],
                case["acknowledged_at"],
                case["responded_at"],
                case["closure_proposed_at"],
                case["closed_at"],
                acknowledge_due,
                response_due,
                case["last"],
                1,
                case["chased_at"],
                clocks.next_due(),
            )
        )
        key = case["status"] if case["status"] != Status.CLOSED else case["outcome"]
        self.statuses[key] = self.statuses.get(key, 0) + 1
        return case_id
