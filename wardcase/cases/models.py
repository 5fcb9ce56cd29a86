"""The case and its append-only timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wardcase.cases.choices import (
    OPEN_STATUSES,
    CaseType,
    Channel,
    EnquirerType,
    EventKind,
    Outcome,
    Priority,
    Status,
    Visibility,
)
from wardcase.cases.orders import not_chased, priority_rank
from wardcase.core.models import ChoiceLabels, TimeStampedModel
from wardcase.core.querysets import RestrictedManager


class Surgery(TimeStampedModel):
    """A councillor's surgery session: a place and a time where residents bring problems.

    Cases logged at it link to it, start with the channel "surgery" and its place, and
    reports count cases by surgery.
    """

    councillor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="surgeries"
    )
    place = models.CharField(_("place"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["councillor", "starts_at"], name="surgery_cllr_start_idx")]

    def __str__(self):
        when = timezone.localtime(self.starts_at)
        return f"{self.place}, {when:%-d %B %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("cases:surgery", kwargs={"pk": self.pk})


class Case(TimeStampedModel):
    """A problem a constituent brought to a councillor (or the councillor saw themselves, a
    member's own query), routed to the council for an answer.

    Cases are never deleted: they are closed, and later anonymised by retention.
    """

    reference = models.CharField(max_length=20, unique=True)
    # The reference the case had in the system it was imported from (Siebel, Lotus Notes,
    # a spreadsheet): searchable, shown on the case, and what a re-run of an import keys on.
    legacy_reference = models.CharField(
        _("reference in the previous system"), max_length=100, null=True, blank=True
    )
    subject = models.CharField(max_length=200)
    description = models.TextField()
    case_type = models.CharField(max_length=30, choices=CaseType.choices, default=CaseType.ENQUIRY)
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    enquirer_type = models.CharField(
        max_length=20, choices=EnquirerType.choices, default=EnquirerType.COUNCILLOR
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    # None for a member's own query: an issue the councillor saw themselves.
    constituent = models.ForeignKey(
        "constituents.Constituent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    ward = models.ForeignKey(
        "places.Ward", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    location = models.CharField(max_length=300, blank=True)
    surgery = models.ForeignKey(
        Surgery, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    consent_share_ward = models.BooleanField(
        _("constituent consents to sharing with ward colleagues"), default=False
    )
    consent_share_officers = models.BooleanField(
        _("constituent consents to sharing with council officers"), default=True
    )
    restricted = models.BooleanField(
        _("restricted (health, social care or safeguarding)"), default=False
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who last recorded the constituent's consent choices."),
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    department = models.ForeignKey(
        "directory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    additional_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="helped_cases"
    )

    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    closure_proposed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    acknowledge_due = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Kept by the services for the officers' queues, which sort every open case of a
    # department by them: reading them from the timeline and the clocks for each row
    # grew with the department's open cases (wardcase.cases.services.queue_keys).
    chased_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("The councillor's side asked for an update not yet given."),
    )
    next_due_on = models.DateField(
        null=True, blank=True, help_text=_("The soonest running or overdue deadline.")
    )
    version = models.PositiveIntegerField(
        default=1, help_text=_("Raised on every edit of the details, to catch stale edits.")
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "status"], name="case_owner_status_idx"),
            models.Index(fields=["department", "status"], name="case_dept_status_idx"),
            models.Index(fields=["lead_officer", "status"], name="case_lead_status_idx"),
            models.Index(fields=["status", "created_at"], name="case_status_created_idx"),
            # Reports count the cases logged in a period, and group them by place and
            # service for hot spots: with what the visibility filters of a coordinator,
            # a head and a councillor read, from the index alone (a year of hot spots at
            # a million cases: 345,753 buffers of case rows, 1.27 -> 0.63 s).
            models.Index(
                fields=["created_at"],
                include=[
                    *("restricted", "department", "id", "service", "location"),
                    *("constituent", "ward", "owner"),
                ],
                name="case_created_idx",
            ),
            # The visibility filter's ward branch (wardcase.permissions.visibility): a
            # ward's cases shared with ward colleagues, by status for the open queue. The
            # other branches read `case_owner_status_idx`, `case_dept_status_idx`, ...
            models.Index(
                fields=["ward", "status"],
                condition=models.Q(consent_share_ward=True, restricted=False),
                name="case_ward_shared_idx",
            ),
            # A coordinator's reach (`department_reach_q`: unrestricted or awaiting
            # routing), narrow: the API's exact count of their cases reads its ids alone,
            # 2,819 buffers at a million cases instead of 40,344 through the widest index.
            # tests/cases/test_coordinator_reach_index.py fails if the rule moves from it.
            models.Index(
                fields=["id"],
                condition=models.Q(restricted=False) | models.Q(department__isnull=True),
                name="case_coordinator_reach_idx",
            ),
            # The coordinator's "new and unassigned": open cases awaiting routing, counted
            # from the index alone (PostgreSQL).
            models.Index(
                fields=["created_at"],
                include=["restricted", "id"],
                condition=models.Q(status__in=OPEN_STATUSES, department__isnull=True),
                name="case_unassigned_open_idx",
            ),
            # The lists' orders over open cases (QUEUE_ORDER and the others above).
            models.Index(
                not_chased(),
                models.F("next_due_on"),
                models.F("id"),
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_open_queue_idx",
            ),
            models.Index(
                models.F("next_due_on"),
                models.F("id"),
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_open_deadline_idx",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_open_created_idx",
            ),
            models.Index(
                priority_rank(),
                models.F("created_at"),
                models.F("id"),
                condition=models.Q(status__in=OPEN_STATUSES, department__isnull=True),
                name="case_open_triage_idx",
            ),
            # "Ready to close": a councillor's side's open cases an officer proposes to
            # close, oldest proposal first (owner first: one councillor's, not all 21,000
            # proposals at a million cases ANDed with their every case).
            models.Index(
                fields=["owner", "closure_proposed_at"],
                condition=models.Q(status__in=OPEN_STATUSES, closure_proposed_at__isnull=False),
                name="case_owner_to_close_idx",
            ),
            # The duplicate check's "same issue": a service's open cases, newest first.
            models.Index(
                fields=["service", "-created_at"],
                # What "the same issue" filters on, so it finds its ids from the index
                # alone (cases/similar.py).
                include=["ward", "constituent", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_service_open_cover_idx",
            ),
            # The coordinator's "furthest behind": open cases by department, read alone
            # (index only) on PostgreSQL, never the closed history.
            models.Index(
                fields=["department", "lead_officer"],
                include=["id", "restricted"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_open_dept_idx",
            ),
            # The cases an officer leads that their department's reach leaves out
            # (restricted, or in another department): beside the deadline tally, read
            # from the index alone, not the officer's open cases' rows. In deadline order
            # (DEADLINE_ORDER: PostgreSQL puts nulls last when ascending), so a
            # coordinator's page of an officer's queue is read in order, not sorted.
            models.Index(
                fields=["lead_officer", "next_due_on", "id"],
                include=["department", "restricted"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_open_lead_idx",
            ),
        ]
        constraints = [
            # Unique when set, so importing the same file again creates no duplicates.
            models.UniqueConstraint(
                fields=["legacy_reference"],
                condition=models.Q(legacy_reference__isnull=False),
                name="case_legacy_reference_unique",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    def get_absolute_url(self):
        return reverse("cases:detail", kwargs={"reference": self.reference})

    @property
    def is_own_query(self):
        """The councillor raised it themselves: there is no constituent to consult or write to."""
        return self.constituent_id is None

    @property
    def is_open(self):
        return self.status != Status.CLOSED

    @property
    def next_deadline(self):
        """The nearest charter date still to be met, with what it is for."""
        if not self.is_open:
            return None
        clocks = getattr(self, "live_clocks", None)  # prefetched by lists
        if clocks is not None:
            running = [c for c in clocks if c.state in ("running", "breached")]
            soonest = min(running, key=lambda c: c.due_on, default=None)
            return (soonest.get_kind_display(), soonest.due_on) if soonest else None
        if self.acknowledge_due and not self.acknowledged_at:
            return (_("Acknowledge"), self.acknowledge_due)
        if self.response_due and not self.responded_at:
            return (_("Full response"), self.response_due)
        return None


class CaseEvent(ChoiceLabels, models.Model):
    """One entry on a case's timeline. Append-only: never edited or deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.EVERYONE
    )
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "kind", "created_at"], name="event_case_kind_idx"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename):
    """Stored under a generated name: the uploader's file name is never a path."""
    return f"attachments/{instance.case_id}/{instance.storage_name}"


class Attachment(models.Model):
    """A file on a case, checked by content on upload and served only to those who see the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    storage_name = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class ReferenceCounter(models.Model):
    """The last case number issued in a year, so references run WC-2026-000001 upwards."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


# The sharing models live in their own module; Django finds them through this one.
# The reports' roll-up too (wardcase.cases.services.report_rollup).
from wardcase.cases.models_rollup import (  # noqa: E402, F401
    CaseDayCount,
    CaseMonthCount,
    ClockDayCount,
    ClockMonthCount,
    RollupStaleDay,
)
from wardcase.cases.models_sharing import CaseLink, CaseShare  # noqa: E402, F401
from wardcase.cases.models_tally import DeadlineTally, TallyTaken  # noqa: E402, F401
