"""generate_data: a council and its cases in bulk, consistent with what the services write.

One module-wide run of a few hundred cases (a batch size that splits them) is opened
through the services, selectors and views; a rebuild of the clocks from the timelines
must give the clocks the generator wrote.
"""

import io
import re
from datetime import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Q
from django.utils import timezone

from wardcase.accounts.models import Role, User
from wardcase.audit.models import AuditEntry
from wardcase.cases.choices import OPEN_STATUSES, Status
from wardcase.cases.models import Attachment, Case, CaseEvent, CaseShare, ReferenceCounter
from wardcase.cases.selectors import case_get
from wardcase.cases.services import queue_keys_refresh
from wardcase.cases.services.charter_rebuild import rebuild_clocks
from wardcase.charter.models import Clock, Pause
from wardcase.constituents.models import Constituent
from wardcase.core.errors import NotFound
from wardcase.demo.generating import generate_data
from wardcase.search.models import SearchDocument
from wardcase.search.selectors import search_cases

CASES = 400
NOW = timezone.make_aware(datetime(2026, 3, 18, 15, 30))
CLOCK_FIELDS = ("kind", "state", "started_at", "due_on", "remind_on", "met_at", "ended_at")


@pytest.fixture
def generated(db):
    return generate_data(cases=CASES, seed=7, now=NOW, batch=150)


def sample(count=40):
    """Cases spread over the run: every tenth, and one of each status."""
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))[::10][:count]
    for status in Status.values:
        first = Case.objects.filter(status=status).order_by("pk").first()
        if first is not None:
            ids.append(first.pk)
    return Case.objects.filter(pk__in=ids).select_related("owner")


def clock_rows(case_ids):
    rows = Clock.objects.filter(case_id__in=case_ids).order_by("case_id", "kind", "started_at")
    return list(rows.values_list("case_id", *CLOCK_FIELDS))


def test_every_status_and_clock_state_with_three_to_eight_events(generated):
    """Cases in every status and outcome, clocks in every state, 3 to 8 timeline events
    each, over five years, with repeat visitors, notes, shares, pauses and files."""
    cases = Case.objects.all()
    assert cases.count() == generated.cases == CASES
    assert set(cases.values_list("status", flat=True)) == set(Status.values)
    assert set(cases.exclude(outcome="").values_list("outcome", flat=True)) == {
        "resolved",
        "not_resolved",
        "withdrawn",
        "duplicate",
    }
    assert set(Clock.objects.values_list("state", flat=True)) == {
        "running",
        "met",
        "breached",
        "paused",
        "stopped",
    }
    counts = cases.annotate(n=Count("events")).values_list("n", flat=True)
    assert min(counts) >= 3 and max(counts) <= 8
    years = {c.year for c in cases.values_list("created_at", flat=True)}
    assert len(years) >= 5
    assert max(cases.values_list("last_activity_at", flat=True)) < NOW
    repeat = Constituent.objects.annotate(n=Count("cases")).filter(n__gt=1)
    assert repeat.exists()
    assert CaseEvent.objects.filter(kind="note", visibility="internal").exists()
    assert CaseShare.objects.exists() and Pause.objects.exists()
    attachment = Attachment.objects.first()
    assert default_storage.open(attachment.file.name).read().startswith(b"\x89PNG")


def test_references_unique_in_the_council_format_and_counters_advanced(generated):
    references = list(Case.objects.values_list("reference", "created_at"))
    assert len({r for r, _at in references}) == CASES
    for reference, created_at in references:
        assert re.fullmatch(r"WC-(\d{4})-\d{6}", reference)
        assert reference[3:7] == str(timezone.localtime(created_at).year)
    for counter in ReferenceCounter.objects.all():
        issued = Case.objects.filter(reference__startswith=f"WC-{counter.year}-")
        highest = max(int(r[-6:]) for r in issued.values_list("reference", flat=True))
        assert counter.last_number == highest
    # New rows (here an audit entry) take ids after the generated ones: sequences moved on.
    entry = AuditEntry.objects.create(action="test")
    assert entry.pk > AuditEntry.objects.exclude(pk=entry.pk).aggregate(m=Max("pk"))["m"]


def test_clocks_are_those_a_rebuild_from_the_timeline_gives(generated):
    """The charter engine replaying each sampled timeline makes the same clocks and due
    dates, so clocks agree with events, statuses and the charter."""
    cases = list(sample())
    ids = [c.pk for c in cases]
    before = clock_rows(ids)
    dues = dict(Case.objects.filter(pk__in=ids).values_list("pk", "response_due"))
    assert before
    with time_machine.travel(NOW):  # the day the data was generated for
        rebuild_clocks(case_ids=ids)
    assert clock_rows(ids) == before
    assert dict(Case.objects.filter(pk__in=ids).values_list("pk", "response_due")) == dues


def test_clocks_match_each_status(generated):
    live = Q(clocks__state__in=Clock.LIVE_STATES)
    with_live = Case.objects.filter(live).values("pk")
    assert not Case.objects.filter(status=Status.CLOSED, pk__in=with_live).exists()
    assert not Case.objects.filter(status=Status.NEW, clocks__isnull=False).exists()
    waiting = Case.objects.filter(status=Status.AWAITING_INFORMATION)
    assert waiting.exists()
    for case in waiting:
        assert case.pauses.filter(ended_at__isnull=True).count() == 1
        assert not case.clocks.filter(state="running").exists()
    # An open case routed to an officer has a clock running, unless closing is proposed.
    assigned_open = Case.objects.filter(
        status__in=OPEN_STATUSES, assigned_at__isnull=False, closure_proposed_at__isnull=True
    )
    assert (
        not assigned_open.exclude(status=Status.AWAITING_INFORMATION)
        .exclude(pk__in=with_live)
        .exists()
    )
    overdue = Clock.objects.filter(state="breached")
    assert not overdue.filter(due_on__gte=NOW.date()).exists()
    assert not overdue.filter(breached_at__isnull=True).exists()


def test_sampled_cases_open_search_and_audit_through_the_services(generated, client):
    """Each sampled case has its audit trail and search document, its councillor finds it
    by a word of its subject and opens its page; another ward's councillor gets a 404."""
    assert SearchDocument.objects.count() == CASES
    for case in sample(15):
        owner = case.owner
        actions = set(AuditEntry.objects.filter(case=case).values_list("action", flat=True))
        assert "case.created" in actions
        assert AuditEntry.objects.filter(case=case).count() == case.events.count()
        word = max(re.findall(r"[A-Za-z]{4,}", case.subject), key=len)
        assert case in search_cases(user=owner, query=word)
        assert case_get(user=owner, reference=case.reference) == case
        client.force_login(owner)
        assert client.get(case.get_absolute_url()).status_code == 200
        shared = CaseShare.objects.filter(case=case).values("user")
        stranger = (
            User.objects.filter(role=Role.COUNCILLOR)
            .exclude(ward=owner.ward_id)
            .exclude(pk__in=shared)
            .first()
        )
        with pytest.raises(NotFound):
            case_get(user=stranger, reference=case.reference)
        client.force_login(stranger)
        assert client.get(case.get_absolute_url()).status_code == 404


def test_the_same_seed_makes_the_same_cases(db):
    def made():
        return list(
            Case.objects.order_by("pk").values_list(
                "subject", "description", "status", "created_at", "owner__username"
            )
        )

    generate_data(cases=60, seed=3, now=NOW)
    first = made()
    generate_data(cases=60, seed=3, now=NOW)
    assert made()[60:] == first
    generate_data(cases=60, seed=4, now=NOW)
    assert made()[120:] != first


def test_the_command_reports_its_rate_and_refuses_bad_input(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_data", cases=30, seed=2, councillors=12, stdout=out, stderr=err)
    assert re.search(
        r"Generated 30 cases in [\d.]+ s \([\d.]+ s of CPU in this process\): [\d,]+ cases/s\.",
        out.getvalue(),
    )
    assert User.objects.filter(role=Role.COUNCILLOR).count() == 12
    with pytest.raises(CommandError, match="--cases must be at least 1"):
        call_command("generate_data", cases=0, stdout=out, stderr=err)
    assert Case.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_second_thread_writes_while_the_next_batch_is_made():
    summary = generate_data(cases=50, seed=5, now=NOW, batch=20)
    assert summary.cases == 50
    assert Case.objects.count() == SearchDocument.objects.count() == 50
    highest = max(int(r[-6:]) for r in Case.objects.values_list("reference", flat=True))
    assert ReferenceCounter.objects.aggregate(m=Max("last_number"))["m"] <= highest
    assert sum(ReferenceCounter.objects.values_list("last_number", flat=True)) == 50


def test_queue_keys_are_those_a_recount_gives(generated):
    """The officers' queue keys written with each case equal the recount from the
    timelines and clocks, and some cases carry each."""

    def kept():
        return list(Case.objects.order_by("pk").values_list("pk", "chased_at", "next_due_on"))

    before = kept()
    assert any(chased for _pk, chased, _due in before)
    assert any(due for _pk, _chased, due in before)
    queue_keys_refresh()
    assert kept() == before
