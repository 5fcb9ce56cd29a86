"""Making one generated case: its constituent, details, timeline, clocks, audit and files.

`CaseMaker.make` plans a case's life for the state it should end in, times each step in
office hours, then plays the steps as the case services would: the same statuses and
stamps on the case, the same timeline events with the same data, the same audit entries,
and the clocks through `CaseClocks`. Nothing is written here: rows go to `Rows` tables.
"""

import itertools
from datetime import datetime, time, timedelta

from django.conf import settings

from wardcase.cases.choices import EventKind, Outcome, Status, Visibility
from wardcase.demo.generating.clocks import CaseClocks
from wardcase.demo.generating.words import (
    DETAILS,
    RARE_WORDS,
    generated_streets,
    generated_surnames,
)
from wardcase.demo.plan import case_story, choose_logger, contact_details
from wardcase.demo.texts import demo_texts

CASE_COLUMNS = [
    "id",
    "created_at",
    "modified_at",
    "reference",
    "subject",
    "description",
    "case_type",
    "service",
    "channel",
    "enquirer_type",
    "priority",
    "constituent",
    "ward",
    "location",
    "consent_share_ward",
    "consent_share_officers",
    "restricted",
    "consent_recorded_by",
    "consent_recorded_at",
    "owner",
    "created_by",
    "department",
    "lead_officer",
    "status",
    "outcome",
    "assigned_at",
    "acknowledged_at",
    "responded_at",
    "closure_proposed_at",
    "closed_at",
    "acknowledge_due",
    "response_due",
    "last_activity_at",
    "version",
]
EVENT_COLUMNS = ["id", "case", "kind", "author", "created_at", "visibility", "body", "data"]
AUDIT_COLUMNS = ["id", "at", "actor", "action", "case", "object_type", "object_id", "detail"]
PERSON_COLUMNS = [
    "id",
    "created_at",
    "modified_at",
    "name",
    "address",
    "postcode",
    "email",
    "phone",
    "contact_preference",
    "created_by",
]
PAUSE_COLUMNS = ["id", "case", "started_at", "started_by", "reason", "previous_status"]
SHARE_COLUMNS = ["id", "case", "user", "reason", "shared_by", "created_at"]
ATTACHMENT_COLUMNS = [
    "id",
    "case",
    "event",
    "storage_name",
    "file",
    "original_name",
    "content_type",
    "size",
    "uploaded_by",
    "created_at",
]

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
PAUSE_REASONS = (
    "Waiting for photographs from the resident before the inspection.",
    "Asked the constituent for the dates the noise happens; waiting for the diary sheets.",
    "Need the tenancy reference from the resident to go further.",
    "Waiting for the landowner to confirm who is responsible.",
)
SHARE_REASONS = (
    "The problem crosses into your part of the ward.",
    "For information: the same residents wrote to you last year.",
)
# A 1x1 PNG: the smallest real picture, as a photo of the problem.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
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
        }
        clocks = CaseClocks(self.book, case_type=case_type)
        play = _Player(self, case_id, case, clocks, owner, caseworkers)
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
            )
        )
        key = case["status"] if case["status"] != Status.CLOSED else case["outcome"]
        self.statuses[key] = self.statuses.get(key, 0) + 1
        return case_id


class _Player:
    """Plays the steps of one case as the services would, adding the rows they write."""

    def __init__(self, maker, case_id, case, clocks, owner, caseworkers):
        self.maker, self.case_id, self.case, self.clocks = maker, case_id, case, clocks
        self.owner, self.owner_side = owner, [owner, *caseworkers]
        self.rng, self.texts, self.tables = maker.rng, maker.texts, maker.tables

    def event(self, kind, at, by, body="", visibility=Visibility.EVERYONE, **data):
        events = self.tables["CaseEvent"]
        pk = events.new_id()
        events.add((pk, self.case_id, kind, by.pk, at, visibility, body, data))
        self.case["last"] = at
        return pk

    def audit(self, action, at, by, object_type="", object_id="", **detail):
        audit = self.tables["AuditEntry"]
        audit.add((audit.new_id(), at, by.pk, action, self.case_id, object_type, object_id, detail))

    def attachment(self, event_id, at, by):
        table = self.tables["Attachment"]
        pk = table.new_id()
        storage_name = f"{self.case_id}-{self.rng.getrandbits(96):024x}"
        path = f"attachments/{self.case_id}/{storage_name}"
        self.maker.files.append((path, PNG))
        table.add(
            (pk, self.case_id, event_id, storage_name, path, "photo.png", "image/png", len(PNG))
            + (by.pk, at)
        )

    def _side(self):
        return self.rng.choice(self.owner_side)

    def _day(self, at):
        return f"{at.day} {at:%B}"

    def step(self, action, at, *, lead, service, outcome):
        rng, texts, case, clocks = self.rng, self.texts, self.case, self.clocks
        if action == "note":
            by = rng.choice(self.maker.staff.coordinators) if not case["lead"] else lead
            pk = self.event(EventKind.NOTE, at, by, rng.choice(texts.notes), Visibility.INTERNAL)
            self.audit("case.note", at, by, "cases.caseevent", str(pk))
        elif action == "member":
            by = self._side()
            pk = self.event(EventKind.MEMBER_MESSAGE, at, by, rng.choice(texts.member_messages))
            self.audit("case.member_message", at, by, "cases.caseevent", str(pk))
        elif action == "chase":
            by = self._side()
            self.event(EventKind.CHASE, at, by, rng.choice(texts.chases))
            self.audit("case.chased", at, by)
        elif action == "assign":
            by = rng.choice(self.maker.staff.coordinators)
            previous = {"department": None, "lead_officer": None, "additional_officers": []}
            case.update(status=Status.ASSIGNED, department=service.department_id, lead=lead.pk)
            case["assigned_at"] = at
            clocks.on_assignment(at, service.department_id)
            self.event(
                EventKind.ASSIGNED,
                at,
                by,
                department=service.department.name,
                lead_officer=self.maker._name(lead),
                lead_officer_id=lead.pk,
                additional_officers=[],
                previous=previous,
            )
            self.audit("case.assigned", at, by, previous=previous)
        elif action == "share":
            colleagues = self.maker.staff.ward_colleagues.get(self.owner.pk) or []
            if not colleagues:
                return self.step("note", at, lead=lead, service=service, outcome=outcome)
            user = rng.choice(colleagues)
            reason = rng.choice(SHARE_REASONS)
            shares = self.tables["CaseShare"]
            share_id = shares.new_id()
            shares.add((share_id, self.case_id, user.pk, reason, self.owner.pk, at))
            self.event(
                EventKind.SHARED, at, self.owner, reason, user=user.pk, name=self.maker._name(user)
            )
            self.audit(
                "case.shared", at, self.owner, "cases.caseshare", str(share_id), user=user.pk
            )
        elif action == "acknowledge":
            case["status"], case["acknowledged_at"] = Status.ACKNOWLEDGED, at
            clocks.on_acknowledged(at)
            self.event(EventKind.ACKNOWLEDGED, at, lead, rng.choice(texts.acknowledgements))
            self.audit("case.acknowledged", at, lead)
        elif action == "pause":
            pauses = self.tables["Pause"]
            previous = case["status"]
            reason = rng.choice(PAUSE_REASONS)
            pauses.add((pauses.new_id(), self.case_id, at, lead.pk, reason, previous))
            clocks.on_pause()
            case["status"] = Status.AWAITING_INFORMATION
            self.event(EventKind.PAUSED, at, lead, reason)
            self.audit("case.paused", at, lead)
        elif action in ("update", "respond"):
            full = action == "respond"
            if full:
                answer = "not_resolved" if outcome == "not_resolved" else "resolved"
                body, kind = rng.choice(texts.responses[answer]), EventKind.FULL_RESPONSE
            else:
                body, kind = rng.choice(texts.updates[service.department.name]), EventKind.UPDATE
            pk = self.event(kind, at, lead, body.replace("{date}", self._day(at)))
            if not case["acknowledged_at"]:
                case["acknowledged_at"] = at
            if full:
                case["status"] = Status.RESPONDED
                case["responded_at"] = case["responded_at"] or at
            elif case["status"] not in (Status.RESPONDED, Status.AWAITING_INFORMATION):
                case["status"] = Status.IN_PROGRESS
            clocks.on_officer_entry(
                at, full_response=full, responded=case["responded_at"] is not None
            )
            self.audit(f"case.{kind}", at, lead, "cases.caseevent", str(pk))
        elif action == "propose":
            case["closure_proposed_at"] = at
            clocks.on_closure_proposed(at)
            self.event(EventKind.CLOSURE_PROPOSED, at, lead, rng.choice(texts.closure_proposals))
            self.audit("case.closure_proposed", at, lead)
        elif action == "close":
            by = self._side()
            result = outcome or Outcome.RESOLVED
            authority = ""
            if by.pk != self.owner.pk:  # a caseworker closes on the councillor's say-so
                authority = f"{self.maker._name(self.owner)} agreed by phone on {self._day(at)}."
            case.update(status=Status.CLOSED, outcome=result, closed_at=at)
            clocks.on_closed(at)
            comment = rng.choice(self.texts.closing_comments[result])
            self.event(EventKind.CLOSED, at, by, comment, outcome=result, authority=authority)
            self.audit("case.closed", at, by, outcome=result, authority=authority)
        elif action == "reopen":
            by = self.owner
            case.update(status=Status.REOPENED, outcome="", closed_at=None)
            case["closure_proposed_at"] = None
            pk_reason = rng.choice(texts.reopen_reasons)
            self.event(EventKind.REOPENED, at, by, pk_reason, authority="")
            clocks.on_reopened(at, assigned=case["assigned_at"] is not None)
            self.audit("case.reopened", at, by)
        else:  # pragma: no cover - a typo in a plan
            raise ValueError(action)
