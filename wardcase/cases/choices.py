"""Enumerations of the case and its timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Defined by the charter, whose terms are set per case type; re-exported for the case.
from wardcase.charter.choices import CaseType as CaseType


class Channel(models.TextChoices):
    SURGERY = "surgery", _("Surgery")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class EnquirerType(models.TextChoices):
    COUNCILLOR = "councillor", _("Councillor")
    MP = "mp", _("MP")
    MSP = "msp", _("MSP")
    MS = "ms", _("MS (Senedd)")
    MLA = "mla", _("MLA")
    MEP = "mep", _("MEP")  # kept for cases logged before 2020


# The elected members beyond the council who can raise a case in each nation: a council
# in England is not offered MSPs, MSs and MLAs.
DEVOLVED_MEMBERS = {
    "scotland": EnquirerType.MSP,
    "wales": EnquirerType.MS,
    "northern_ireland": EnquirerType.MLA,
}


def enquirer_type_choices(nation, *, keep=None):
    """The enquirer types a council of this nation logs cases from (with `keep`, a value an
    existing case already has, so editing it never loses it). The UK has had no MEPs since
    2020: only a case that already has one keeps it."""
    offered = {EnquirerType.COUNCILLOR, EnquirerType.MP}
    if nation in DEVOLVED_MEMBERS:
        offered.add(DEVOLVED_MEMBERS[nation])
    if keep:
        offered.add(keep)
    return [(value, label) for value, label in EnquirerType.choices if value in offered]


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_INFORMATION = "awaiting_information", _("Awaiting information")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


OPEN_STATUSES = [s for s in Status.values if s != Status.CLOSED]


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved - no further action")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DUPLICATE = "duplicate", _("Duplicate")


class EventKind(models.TextChoices):
    CREATED = "created", _("Case logged")
    EDITED = "edited", _("Details changed")
    ASSIGNED = "assigned", _("Assigned")
    SENT_BACK = "sent_back", _("Sent back to be routed again")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    NOTE = "note", _("Internal note")
    UPDATE = "update", _("Officer update")
    FULL_RESPONSE = "full_response", _("Full response")
    MEMBER_MESSAGE = "member_message", _("Message from the councillor's side")
    CHASE = "chase", _("Update requested")
    REMINDER = "reminder", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated")
    CLOSURE_PROPOSED = "closure_proposed", _("Closure proposed")
    CLOSURE_DECLINED = "closure_declined", _("Closure not agreed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    SHARED = "shared", _("Shared")
    UNSHARED = "unshared", _("Sharing ended")
    LINKED = "linked", _("Linked")
    UNLINKED = "unlinked", _("Link removed")
    EMAIL_IN = "email_in", _("Email received")
    EMAIL_OUT = "email_out", _("Email sent")
    LETTER = "letter", _("Letter generated")
    LETTER_SENT = "letter_sent", _("Letter sent")
    ATTACHMENT = "attachment", _("Attachment added")
    PAUSED = "paused", _("Clocks paused: awaiting information")
    RESUMED = "resumed", _("Clocks restarted")
    EXTENSION_REQUESTED = "extension_requested", _("More time requested")
    EXTENSION_DECIDED = "extension_decided", _("Request for more time answered")
    DEADLINE_MISSED = "deadline_missed", _("Deadline missed")
    IMPORTED = "imported", _("Imported from the previous system")


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone on the case")
    INTERNAL = "internal", _("Council staff only")
