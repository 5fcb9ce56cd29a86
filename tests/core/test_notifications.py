"""The notification port: one template per notice, rendered without missing variables,
written to the outbox by the mail app's sender, and what every call site says."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Engine

from tests import factories
from tests.conftest import acknowledged, assign
from tests.mail.helpers import make_email
from wardcase.accounts.invitations import invitation_send
from wardcase.cases import services
from wardcase.cases.services.charter_sweep import sla_sweep
from wardcase.cases.services.sharing import case_share
from wardcase.charter.models import Clock, Extension
from wardcase.core import notifications
from wardcase.core.notifications import (
    NoNotificationSender,
    Notice,
    notice_render,
    notify_many,
    notify_user,
)
from wardcase.mail.inbound.case_email import case_email_in
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models import OutboxMessage
from wardcase.mail.models_inbound import InboundMessage

WARDCASE = Path(__file__).resolve().parents[2] / "wardcase"
LONDON = ZoneInfo("Europe/London")
INVALID = "<<missing %s>>"


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def notice_templates():
    """Every notice template in the tree, by the name it is loaded with."""
    return sorted(
        str(path.relative_to(path.parents[2]))
        for path in WARDCASE.glob("*/templates/*/notices/*.txt")
    )


def strict_engine(**options):
    """The project's template engine, but a missing variable shows instead of vanishing."""
    default = Engine.get_default()
    options.setdefault("dirs", default.dirs)
    options.setdefault("app_dirs", default.app_dirs)
    options.setdefault("libraries", default.libraries)
    return Engine(string_if_invalid=INVALID, **options)


def sent_to(user):
    """The newest outbox message to `user`, as (subject, body without the case link)."""
    message = OutboxMessage.objects.filter(recipient=user).latest("pk")
    return message.subject, message.body.split("\n\nOpen the case: ")[0]


# Rendering every template


@pytest.fixture
def samples(world):
    """A context for each notice template, as its call site builds it (plus the port's
    own `user` and `case`)."""
    case = assign(world)
    case.outcome = "resolved"
    clock = Clock.objects.get(case=case, kind=Clock.Kind.RESPOND)
    extension = Extension(clock=clock, working_days=3, reason="Waiting for a contractor")
    by = {"user": world.councillor, "case": case, "by": world.officer}
    sweep = {
        "user": world.officer,
        "case": case,
        "what": "acknowledgement",
        "due_on": date(2026, 3, 5),
    }
    return {
        "cases/notices/assigned.txt": {
            **by,
            "user": world.officer,
            "by": world.coordinator,
            "additional": True,
        },
        "cases/notices/acknowledged.txt": by,
        "cases/notices/update.txt": {**by, "text": "Filled on Tuesday."},
        "cases/notices/response.txt": {**by, "text": "All done."},
        "cases/notices/member_message.txt": {**by, "by": world.councillor, "text": "Thanks."},
        "cases/notices/closure_proposed.txt": {**by, "reason": "Filled."},
        "cases/notices/chased.txt": {**by, "by": world.councillor, "message": "Any news?"},
        "cases/notices/sent_back.txt": {
            **by,
            "user": world.coordinator,
            "reason": "Street lights are Parks.",
            "department": "Highways",
        },
        "cases/notices/shared.txt": {**by, "by": world.councillor, "reason": "Cover."},
        "cases/notices/closed.txt": {**by, "user": world.officer},
        "cases/notices/closure_declined.txt": {**by, "reason": "Not yet."},
        "cases/notices/reopened.txt": {**by, "reason": "It came back."},
        "cases/notices/paused.txt": {**by, "reason": "Which lamp post?"},
        "cases/notices/resumed.txt": {**by, "note": "Number 12."},
        "cases/notices/extension_requested.txt": {**by, "clock": clock, "extension": extension},
        "cases/notices/extension_decided.txt": {**by, "clock": clock, "approved": True},
        "cases/notices/reminder.txt": sweep,
        "cases/notices/overdue.txt": sweep,
        "cases/notices/escalation.txt": sweep,
        "mail/notices/email_in.txt": {**by, "text": "See the photo."},
        "mail/notices/follow_up_in.txt": {**by, "text": "It is back."},
        "mail/notices/late_reply_draft.txt": {**by, "text": "It is back again."},
        "accounts/notices/invitation.txt": {
            "user": world.officer,
            "by": world.administrator,
            "link": "https://wardcase.example/accounts/invitation/abc/",
            "expires_at": at(2026, 3, 5, 10),
        },
        "accounts/notices/password_reset.txt": {
            "user": world.officer,
            "protocol": "https",
            "domain": "wardcase.example",
            "uid": "MQ",
            "token": "cz6f1c-0123456789abcdef",
        },
    }


def test_every_notice_template_has_a_sample_context(samples):
    """A new notice template needs a sample here, so the next test renders it too."""
    assert sorted(samples) == notice_templates()


def test_every_notice_template_renders_with_its_context_and_nothing_missing(samples):
    engine = strict_engine()
    for template in notice_templates():
        subject, body = notice_render(template=template, context=samples[template], engine=engine)
        assert subject and body, template
        assert "<<missing" not in subject + body, (template, subject, body)
        assert "\n" not in subject, template


def test_a_missing_variable_would_be_caught(samples):
    """The strict engine really shows a variable the call site forgot."""
    context = dict(samples["cases/notices/shared.txt"])
    del context["reason"]
    _subject, body = notice_render(
        template="cases/notices/shared.txt", context=context, engine=strict_engine()
    )
    assert "<<missing reason>>" in body


def locmem(templates):
    return strict_engine(
        dirs=[],
        app_dirs=False,
        loaders=[("django.template.loaders.locmem.Loader", templates)],
    )


def test_only_the_blocks_render_the_subject_on_one_line_and_nothing_is_escaped():
    engine = locmem(
        {
            "n.txt": "Not sent{% block subject %}\n  Fish & <chips>\n  today {% endblock %}"
            "{% block body %}\n\n  {{ text }}\n\n{% endblock %}ignored",
        }
    )
    subject, body = notice_render(template="n.txt", context={"text": "a < b & c"}, engine=engine)
    assert subject == "Fish & <chips> today"
    assert body == "a < b & c"


def test_a_template_without_both_blocks_is_refused():
    engine = locmem({"n.txt": "{% block subject %}Hi{% endblock %}"})
    with pytest.raises(ValueError, match="no block body"):
        notice_render(template="n.txt", context={}, engine=engine)


# The port


def test_without_a_sender_notifying_raises_and_writes_nothing(world, monkeypatch):
    monkeypatch.setattr(notifications, "_sender", None)
    with pytest.raises(NoNotificationSender):
        notify_user(
            user=world.officer, template="cases/notices/closed.txt", context={}, case=world.case
        )
    assert not OutboxMessage.objects.exists()


def test_the_mail_app_registers_the_outbox_as_the_sender(world):
    written = notify_user(
        user=world.councillor,
        template="cases/notices/acknowledged.txt",
        context={"by": world.officer},
        case=world.case,
    )
    assert written == OutboxMessage.objects.get()
    assert written.subject == f"[{world.case.reference}] Your case has been acknowledged"


def test_nobody_to_tell_is_no_message(world):
    world.officer.email = ""
    template = "cases/notices/closed.txt"
    assert notify_user(user=None, template=template, context={}, case=world.case) is None
    assert notify_user(user=world.officer, template=template, context={}, case=world.case) is None
    assert not OutboxMessage.objects.exists()


def test_many_notices_are_written_together_and_digestible_ones_held(world):
    world.head.email_digest = True
    world.head.save(update_fields=["email_digest"])
    context = {"what": "acknowledgement", "due_on": date(2026, 3, 5)}
    written = notify_many(
        notices=[
            Notice(
                user=user,
                template="cases/notices/overdue.txt",
                context=context,
                case=world.case,
                digestible=True,
            )
            for user in (world.officer, world.head, None)
        ]
    )
    assert [m.recipient for m in written] == [world.officer, world.head]
    assert [m.state for m in written] == [OutboxMessage.State.PENDING, OutboxMessage.State.HELD]
    assert written[0].body.startswith(
        f"Case {world.case.reference}: the acknowledgement was due by 5 March 2026 and is now"
    )


def _cases(world, subjects):
    return [
        services.case_create(
            by=world.councillor,
            owner=world.councillor,
            subject=subject,
            description="Details",
            service=world.service,
            constituent={"name": "Resident"},
        )
        for subject in subjects
    ]


def test_a_batch_reads_as_each_notice_rendered_alone(world):
    """Notices alike but for their case are rendered once and filled in per case: the
    text must be what rendering each on its own gives, whatever the subject holds."""
    cases = _cases(world, ["Bins & <bags>", "100% broken {{ x }} %(what)s", "Plain"])
    context = {"what": "acknowledgement", "due_on": date(2026, 3, 5)}
    template = "cases/notices/overdue.txt"
    written = notify_many(
        notices=[
            Notice(user=world.officer, template=template, context=context, case=case)
            for case in cases
        ]
    )
    for message, case in zip(written, cases, strict=True):
        subject, body = notice_render(
            template=template, context={"user": world.officer, "case": case, **context}
        )
        assert message.subject == f"[{case.reference}] {subject}"
        assert message.body.startswith(f"{body}\n\n")
        assert case.reference in message.body
    assert written[1].subject.endswith("Overdue: 100% broken {{ x }} %(what)s")


def test_a_template_reading_more_of_the_case_is_rendered_notice_by_notice(world):
    """closed.txt prints the outcome too: filling in only reference and subject would
    give every case the first one's outcome, so each is rendered on its own."""
    cases = _cases(world, ["One", "Two"])
    cases[0].outcome, cases[1].outcome = "resolved", "withdrawn"
    written = notify_many(
        notices=[
            Notice(user=world.officer, template="cases/notices/closed.txt", case=case)
            for case in cases
        ]
    )
    assert written[0].body.startswith(f"{cases[0].reference} was closed: Resolved.")
    assert written[1].body.startswith(f"{cases[1].reference} was closed: Withdrawn.")


# What each call site says


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
