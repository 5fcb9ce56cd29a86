"""The demo council: seeded once through the real services, reproducible, idempotent.

Seeding takes a few seconds, so one test seeds and checks the whole result; the others
use the council alone.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from localflavor.gb.forms import GBPostcodeField

from tests import factories
from wardcase.accounts.models import Role, User
from wardcase.audit.models import AuditEntry
from wardcase.cases.choices import Channel, EnquirerType, Outcome, Priority, Status
from wardcase.cases.models import Case, CaseEvent, ReferenceCounter
from wardcase.constituents.models import Constituent
from wardcase.demo.seeding import DEMO_COUNCIL_PATH, DEMO_PASSWORD, _DemoCases
from wardcase.directory.council_file import read_council_file
from wardcase.directory.models import Council
from wardcase.directory.services import council_load
from wardcase.mail.models import OutboxMessage


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    models = (User, Case, CaseEvent, Constituent, AuditEntry, OutboxMessage, ReferenceCounter)
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_builds_a_lived_in_council_and_a_second_run_changes_nothing(db):
    """About 200 cases in every state, made through the services, dated over nine months;
    every role can sign in with the shared password; running it again adds nothing."""
    output = seed()
    now, today = timezone.now(), timezone.localdate()
    cases = Case.objects.all()

    assert 190 <= cases.count() <= 210
    statuses = set(cases.values_list("status", flat=True))
    assert statuses >= set(Status.values) - {Status.AWAITING_INFORMATION}
    assert set(cases.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    assert not cases.filter(status=Status.CLOSED, outcome="").exists()
    # Some proposals to close are sent back before the case is closed.
    declined = CaseEvent.objects.filter(kind="closure_declined")
    assert declined.exists()
    assert cases.filter(pk__in=declined.values("case"), status=Status.CLOSED).exists()

    # Spread over councillors, wards, services, channels, enquirers and priorities.
    councillors = User.objects.filter(role=Role.COUNCILLOR)
    assert set(cases.values_list("owner", flat=True)) == set(
        councillors.values_list("pk", flat=True)
    )
    assert cases.values("ward").distinct().count() == Council.objects.get().wards.count()
    assert cases.values("service").distinct().count() >= 25
    assert set(cases.values_list("channel", flat=True)) == set(Channel.values)
    assert {EnquirerType.MP, EnquirerType.MSP} <= set(cases.values_list("enquirer_type", flat=True))
    assert set(cases.values_list("priority", flat=True)) == set(Priority.values)
    assert cases.filter(restricted=True).exists()

    # Users of every role, all signing in with the one demo password.
    users = User.objects.all()
    assert set(users.values_list("role", flat=True)) == set(Role.values)
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    assert f"(password: {DEMO_PASSWORD})" in output
    assert "http://127.0.0.1:8000/" in output
    for user in users:
        assert user.username in output

    # Dated over the past nine months, in order, none in the future.
    assert cases.order_by("created_at").first().created_at < now - timedelta(days=200)
    assert cases.order_by("created_at").last().created_at > now - timedelta(days=14)
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()
    assert not AuditEntry.objects.filter(at__gt=now).exists()
    for case in cases.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].kind == "created" and events[0].created_at == case.created_at
        assert [e.pk for e in events] == sorted(e.pk for e in events)
        assert case.last_activity_at == events[-1].created_at
        if case.closed_at:
            assert case.closed_at == events[-1].created_at

    # Charter dates follow the back-dated assignment, and some cases are overdue today.
    assigned = cases.filter(assigned_at__isnull=False)
    assert all(c.acknowledge_due > timezone.localtime(c.assigned_at).date() for c in assigned)
    overdue = cases.exclude(status=Status.CLOSED).filter(
        acknowledged_at__isnull=True, acknowledge_due__lt=today
    ) | cases.exclude(status=Status.CLOSED).filter(
        responded_at__isnull=True, response_due__lt=today
    )
    assert overdue.count() >= 5

    # References run in date order; the counter continues from the last one.
    references = list(cases.order_by("created_at", "pk").values_list("reference", flat=True))
    year = timezone.localtime(cases.order_by("created_at").last().created_at).year
    last = ReferenceCounter.objects.get(year=year).last_number
    assert references[-1] == f"WC-{year}-{last:06d}"

    # Invented people with real-format postcodes; old notifications do not go out now.
    postcodes = Constituent.objects.exclude(postcode="").values_list("postcode", flat=True)
    assert all(GBPostcodeField().clean(p) == p for p in postcodes)
    assert Constituent.objects.filter(cases__isnull=False).distinct().count() < cases.count()
    assert OutboxMessage.objects.exists()
    assert not OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).exists()

    before = row_counts()
    again = seed("--url", "http://0.0.0.0:8123")  # as `make run` with RUN_ADDR says
    assert row_counts() == before
    assert "nothing changed" in again
    assert "0 created, 0 updated" in again
    assert "Sign in at http://0.0.0.0:8123/ " in again and "127.0.0.1:8000" not in again


def test_seed_demo_plans_the_same_cases_whatever_the_day(db):
    """The random seeds are fixed: every run gives the same cases, dated back from today."""
    parsed = read_council_file(DEMO_COUNCIL_PATH)
    council_load(data=parsed.data, glossary=True)
    council = Council.objects.get()
    now = timezone.now()

    def plans(at):
        return _DemoCases(council, now=at).plan()

    def content(plan):
        return (plan.fields["subject"], plan.fields["description"], plan.owner.pk, plan.final)

    today, again, later = plans(now), plans(now), plans(now + timedelta(days=3))
    assert [(content(p), p.steps[0].at) for p in today] == [
        (content(p), p.steps[0].at) for p in again
    ]
    assert sorted(map(content, today)) == sorted(map(content, later))


def test_seed_demo_refuses_a_database_holding_another_council(db):
    """The demo never mixes itself into a real council's database."""
    factories.CouncilFactory(name="Real Council")
    with pytest.raises(CommandError, match='already holds "Real Council"'):
        seed()
    assert not User.objects.exists()
    assert not Case.objects.exists()
