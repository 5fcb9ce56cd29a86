"""Playing a planned case's steps as the case services would: the same timeline events,
audit entries, clocks, shares, pauses and attachment files, as rows."""

from __future__ import annotations

from wardcase.cases.choices import EventKind, Outcome, Status, Visibility

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


class StepPlayer:
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
        # As case_event_record keeps it (wardcase.cases.services.queue_keys); steps come
        # in time order, so a chase is the latest and an answer answers it.
        if kind == EventKind.CHASE:
            self.case["chased_at"] = at
        elif kind in (EventKind.UPDATE, EventKind.FULL_RESPONSE):
            self.case["chased_at"] = None
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
