"""`Model.objects.restrict(user)`: each model a user reaches; other users get nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.conftest import assign
from wardcase.audit.models import AuditEntry
from wardcase.audit.services import audit_record
from wardcase.cases import services
from wardcase.cases.models import Attachment, Case, CaseEvent, CaseShare
from wardcase.cases.services.sharing import case_share
from wardcase.mail.models_inbound import DraftCase, InboundMessage
from wardcase.search.models import SavedSearch


def test_cases(world):
    """A councillor reaches their own case; another councillor's is out of reach."""
    assert list(Case.objects.restrict(world.councillor)) == [world.case]
    assert world.case not in Case.objects.restrict(world.other_councillor)
    assert not Case.objects.restrict(world.administrator).exists()


def test_events_and_internal_notes(world):
    """Events of others' cases never reach a user; internal notes never the councillor."""
    case = assign(world)
    note = services.case_add_event(case=case, by=world.officer, kind="note", body="Internal")
    assert note in CaseEvent.objects.restrict(world.officer)
    mine = CaseEvent.objects.restrict(world.councillor)
    assert mine.filter(case=case).exists() and note not in mine
    assert not CaseEvent.objects.restrict(world.other_councillor).filter(case=case).exists()


def test_attachments(world):
    """Files of a case reach the people on it and nobody else."""
    upload = SimpleUploadedFile("photo.txt", b"a pothole", content_type="text/plain")
    services.case_attach(case=world.case, by=world.councillor, files=[upload])
    (attachment,) = Attachment.objects.filter(case=world.case)
    assert list(Attachment.objects.restrict(world.councillor)) == [attachment]
    assert not Attachment.objects.restrict(world.other_councillor).exists()
    assert not Attachment.objects.restrict(world.other_officer).exists()


def test_shares(world):
    """Shares of a case are seen by those who see the case, not by outsiders."""
    share = case_share(case=world.case, by=world.councillor, user=world.officer, reason="x")
    assert list(CaseShare.objects.restrict(world.councillor)) == [share]
    assert list(CaseShare.objects.restrict(world.officer)) == [share]
    assert not CaseShare.objects.restrict(world.other_officer).exists()


def test_drafts(world):
    """A forwarded draft reaches its forwarder and their caseworker only."""
    message = InboundMessage.objects.create(source="imap", sha256="0" * 64, raw=b"x", size=1)
    draft = DraftCase.objects.create(
        forwarded_by=world.councillor, owner=world.councillor, inbound=message
    )
    assert list(DraftCase.objects.restrict(world.councillor)) == [draft]
    assert list(DraftCase.objects.restrict(world.caseworker)) == [draft]
    for other in (world.other_councillor, world.coordinator, world.officer):
        assert not DraftCase.objects.restrict(other).exists()


def test_saved_searches(world):
    """A saved search is its owner's alone."""
    saved = SavedSearch.objects.create(user=world.officer, name="Mine", querystring="q=x")
    assert list(SavedSearch.objects.restrict(world.officer)) == [saved]
    assert not SavedSearch.objects.restrict(world.head).exists()


def test_audit_entries(world):
    """The audit log reaches coordinators and administrators; nobody else."""
    audit_record(actor=world.councillor, action="case.viewed", case=world.case)
    assert AuditEntry.objects.restrict(world.coordinator).exists()
    assert AuditEntry.objects.restrict(world.administrator).exists()
    assert not AuditEntry.objects.restrict(world.councillor).exists()
    assert not AuditEntry.objects.restrict(world.officer).exists()


def test_signed_out_and_disabled_users_get_nothing(world):
    """Nobody signed out or switched off reaches anything, whatever the model."""
    anonymous = AnonymousUser()
    world.coordinator.is_active = False
    for model in (Case, CaseEvent, Attachment, CaseShare, DraftCase, SavedSearch, AuditEntry):
        assert not model.objects.restrict(anonymous).exists()
        assert not model.objects.restrict(world.coordinator).exists()


def test_an_unknown_action_is_a_clear_error(world):
    """Asking for an action no rule knows fails loudly rather than answering everything."""
    with pytest.raises(ValueError, match="viewing only"):
        Case.objects.restrict(world.councillor, "frobnicate")


def test_a_model_without_a_rule_is_refused(world):
    """restrict() on a model with no registered rule raises, never returns every row."""
    from wardcase.core.querysets import RestrictedQuerySet

    with pytest.raises(ImproperlyConfigured):
        RestrictedQuerySet(model=factories.WardFactory._meta.model).restrict(world.councillor)
