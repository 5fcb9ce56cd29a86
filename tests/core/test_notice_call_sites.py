"""What each call site of the notification port says, as the recipient reads it."""

import pytest
import time_machine

from tests import factories
from tests.conftest import acknowledged, assign
from tests.core.notification_helpers import at, sent_to
from tests.mail.helpers import make_email
from wardcase.accounts.invitations import invitation_send
from wardcase.cases import services
from wardcase.cases.services.charter_sweep import sla_sweep
from wardcase.cases.services.sharing import case_share
from wardcase.charter.models import Clock
from wardcase.mail.inbound.case_email import case_email_in
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import InboundMessage


def test_assigning_tells_the_lead_officer(world):
    case = assign(world)
    due = case.acknowledge_due.isoformat()
    assert sent_to(world.officer) == (
        f"[{case.reference}] Case assigned to you: Pothole on Mill Lane",
        f"Coordinator assigned case {case.reference} to you. Please acknowledge it by {due}: "
        "replying to this email does that.",
    )


def test_acknowledging_tells_the_councillor(world):
    case = acknowledged(world)
    assert sent_to(world.councillor) == (
        f"[{case.reference}] Your case has been acknowledged",
        f"Officer One has acknowledged {case.reference}.",
    )


@pytest.mark.parametrize(
    ("kind", "subject"), [("update", "Officer update"), ("full_response", "Full response")]
)
def test_an_officer_entry_tells_the_councillor(world, kind, subject):
    case = acknowledged(world)
    services.case_add_event(case=case, by=world.officer, kind=kind, body="Filled on Tuesday.")
    assert sent_to(world.councillor) == (
        f"[{case.reference}] {subject}",
        f"Officer One wrote on {case.reference}:\n\nFilled on Tuesday.",
    )


def test_a_councillor_message_tells_the_officer(world):
    case = acknowledged(world)
    services.case_add_event(case=case, by=world.councillor, kind="member_message", body="Thanks.")
    assert sent_to(world.officer) == (
        f"[{case.reference}] Message from the councillor",
        f"Cllr One wrote on {case.reference}:\n\nThanks.",
    )


def test_proposing_closure_tells_the_councillor(world):
    case = acknowledged(world)
    services.case_propose_closure(case=case, by=world.officer, reason="Filled.")
    assert sent_to(world.councillor) == (
        f"[{case.reference}] Closure proposed",
        f"Officer One proposes closing {case.reference}:\n\nFilled.",
    )


@pytest.mark.parametrize(("message", "tail"), [("Any news?", "\n\nAny news?"), ("", "")])
def test_chasing_tells_the_answering_officer(world, message, tail):
    case = acknowledged(world)
    services.case_chase(case=case, by=world.councillor, message=message)
    assert sent_to(world.officer) == (
        f"[{case.reference}] Update requested: Pothole on Mill Lane",
        f"Cllr One has asked for an update on {case.reference}.{tail}",
    )


def test_sharing_tells_the_person_shared_with(world):
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="Cover.")
    assert sent_to(world.other_councillor) == (
        f"[{world.case.reference}] A case has been shared with you: Pothole on Mill Lane",
        f"Cllr One shared {world.case.reference} with you:\n\nCover.",
    )


def test_closing_and_reopening_tell_the_officer(world):
    case = services.case_close(case=assign(world), by=world.councillor, outcome="resolved")
    assert sent_to(world.officer) == (
        f"[{case.reference}] Case closed",
        f"{case.reference} was closed: Resolved.",
    )
    services.case_reopen(case=case, by=world.councillor, reason="It came back.")
    assert sent_to(world.officer) == (
        f"[{case.reference}] Case reopened",
        f"Cllr One reopened {case.reference}:\n\nIt came back.",
    )


def test_declining_closure_tells_the_officer(world):
    case = acknowledged(world)
    services.case_propose_closure(case=case, by=world.officer, reason="Filled.")
    services.case_decline_closure(case=case, by=world.councillor, reason="Not yet.")
    assert sent_to(world.officer) == (
        f"[{case.reference}] Not ready to close: Pothole on Mill Lane",
        f"Cllr One does not agree to close {case.reference} yet:\n\nNot yet.",
    )


def test_pausing_and_resuming_tell_the_other_side(world):
    case = assign(world)
    services.case_pause(case=case, by=world.officer, reason="Which lamp post?")
    assert sent_to(world.councillor) == (
        f"[{case.reference}] Waiting for information",
        f"Officer One paused the deadlines on {case.reference} while waiting for information:"
        "\n\nWhich lamp post?",
    )
    services.case_resume(case=case, by=world.councillor, note="Number 12.")
    assert sent_to(world.officer) == (
        f"[{case.reference}] Deadlines running again",
        f"Cllr One restarted the deadlines on {case.reference}.\n\nNumber 12.",
    )


@pytest.mark.parametrize(("approve", "verdict"), [(True, "agreed"), (False, "refused")])
def test_more_time_is_asked_of_the_councillor_and_the_answer_told(world, approve, verdict):
    case = assign(world)
    services.case_request_extension(case=case, by=world.officer, working_days=3, reason="Busy")
    clock = Clock.objects.get(case=case, kind=Clock.Kind.RESPOND)
    assert sent_to(world.councillor) == (
        f"[{case.reference}] More time requested",
        f"Officer One asks for 3 more working days for the full response on {case.reference}, "
        f"now due {clock.due_on.isoformat()}:\n\nBusy\n\nAgree or refuse on the case page.",
    )
    services.case_decide_extension(case=case, by=world.councillor, approve=approve)
    clock.refresh_from_db()
    assert sent_to(world.officer) == (
        f"[{case.reference}] More time {verdict}",
        f"Cllr One {verdict} your request for more time on {case.reference}. "
        f"Now due {clock.due_on.isoformat()}.",
    )


def test_the_sweep_reminds_then_reports_overdue_then_escalates(world):
    """Acknowledgement due Thursday 5 March 2026, assigned on Monday 2 March."""
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        case = assign(world)
    ref, due = case.reference, "5 March 2026"
    sla_sweep(at=at(2026, 3, 4, 10))
    assert sent_to(world.officer) == (
        f"[{ref}] Due soon: Pothole on Mill Lane",
        f"Case {ref}: the acknowledgement is due by {due}.",
    )
    sla_sweep(at=at(2026, 3, 6, 10))
    overdue = (
        f"[{ref}] Overdue: Pothole on Mill Lane",
        f"Case {ref}: the acknowledgement was due by {due} and is now overdue.",
    )
    assert sent_to(world.officer) == sent_to(world.head) == overdue
    sla_sweep(at=at(2026, 3, 13, 10))
    assert sent_to(world.coordinator) == (
        f"[{ref}] Still overdue: Pothole on Mill Lane",
        f"Case {ref}: the acknowledgement was due by {due} and is still overdue.",
    )


def test_an_email_on_the_case_tells_the_other_side(world):
    case = assign(world)
    inbound, _created = inbound_store(
        raw=make_email(subject="Photo", body="Hi."), source=InboundMessage.Source.FILE
    )
    case_email_in(case=case, by=world.councillor, inbound=inbound, subject="Photo", body="Hi.")
    assert sent_to(world.officer) == (
        f"[{case.reference}] Email from Cllr One",
        "Cllr One emailed about the case:\n\nHi.",
    )


def test_an_invitation_says_who_invited_and_until_when(world):
    newcomer = factories.OfficerFactory(
        username="new.officer", name="New Officer", department=world.department
    )
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        sent = invitation_send(user=newcomer, by=world.administrator)
    subject, body = sent_to(newcomer)
    assert subject == "You have been invited to Wardcase"
    assert body.startswith(
        "Hello New Officer,\n\nAdmin has invited you to Wardcase, the council's casework "
        "system. Your username is new.officer.\n\n"
    )
    assert f"\n\n{sent.link}\n\n" in body
    assert "stops working on 5 March 2026, 10:00." in body


def test_an_invitation_from_no_one_comes_from_the_council(world):
    newcomer = factories.OfficerFactory(username="new.officer", department=world.department)
    invitation_send(user=newcomer, by=None)
    assert "\n\nYour council has invited you" in sent_to(newcomer)[1]


def test_a_password_reset_request_sends_the_link(client, world):
    client.post("/accounts/password-reset/", {"email": world.officer.email})
    subject, body = sent_to(world.officer)
    assert subject == "Reset your Wardcase password"
    assert body.startswith("Hello Officer One,\n\nSomeone (we hope you) asked to reset")
    assert "/accounts/password-reset/" in body
    assert body.endswith("your password stays as it is.")
