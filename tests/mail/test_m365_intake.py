"""Intake from a Microsoft 365 shared mailbox through Graph, against a real HTTPS Entra ID
and Graph on 127.0.0.1: stored first, moved after, never duplicated, never lost."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.mail.helpers import make_email, reply_email
from wardcase.cases.choices import EventKind
from wardcase.mail.inbound.graph import graph_fetch
from wardcase.mail.m365 import M365Config
from wardcase.mail.models_inbound import InboundMessage

PROCESSED = "Wardcase processed"


@pytest.fixture
def graph_intake(graph_server, settings):
    settings.WARDCASE_MAIL_INTAKE = "graph"
    return graph_server


def fetch():
    return graph_fetch(config=M365Config.from_settings())


def stored():
    return InboundMessage.objects.filter(source=InboundMessage.Source.GRAPH)


def test_fetch_mail_stores_a_reply_on_its_case_and_moves_it(
    world, graph_intake, django_capture_on_commit_callbacks
):
    """A reply in the shared mailbox's Inbox reaches the case; the message is then moved
    to the processed folder, which is made on first use."""
    graph_id = graph_intake.state.deliver(reply_email(world, body="Filled in this morning."))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_mail")
    assert world.case.events.get(kind=EventKind.EMAIL_IN).body == "Filled in this morning."
    message = stored().get()
    assert message.remote_id == graph_id
    assert message.mailbox == "casework@council.example"
    assert graph_intake.state.messages_in("Inbox") == []
    assert graph_intake.state.messages_in(PROCESSED) == [message.raw]


def test_every_message_is_stored_once_across_pages_and_runs(world, graph_intake, queue_only):
    """More messages than one page are all stored and moved; running again stores nothing."""
    raws = [make_email(subject=f"Message {n}") for n in range(60)]
    for raw in raws:
        graph_intake.state.deliver(raw)
    result = fetch()
    assert (result.stored, result.moved, result.failed) == (60, 60, 0)
    assert sorted(bytes(r) for r in stored().values_list("raw", flat=True)) == sorted(raws)
    assert fetch().stored == 0
    assert stored().count() == 60
    assert len(graph_intake.state.messages_in(PROCESSED)) == 60


def test_a_failed_move_leaves_the_message_for_the_next_run_without_a_duplicate(
    world, graph_intake, queue_only
):
    """If the move fails after the message is stored, it stays in the Inbox; the next run
    finds it stored (by its Graph id), does not fetch it again, and moves it."""
    graph_intake.state.deliver(make_email(subject="One"))
    graph_intake.state.deliver(make_email(subject="Two"))
    graph_intake.state.fail("POST", "/move")
    first = fetch()
    assert (first.stored, first.moved, first.failed) == (2, 1, 1)
    assert len(graph_intake.state.messages_in("Inbox")) == 1
    fetches_before = sum(p.endswith("/$value") for _m, p in graph_intake.state.graph_requests)
    second = fetch()
    assert (second.stored, second.already_stored, second.moved) == (0, 1, 1)
    fetches_after = sum(p.endswith("/$value") for _m, p in graph_intake.state.graph_requests)
    assert fetches_after == fetches_before
    assert stored().count() == 2
    assert graph_intake.state.messages_in("Inbox") == []


def test_a_failed_fetch_loses_nothing(world, graph_intake, queue_only):
    """A message whose MIME cannot be fetched stays in the Inbox, not moved, and is
    stored by the next run; the others go on meanwhile."""
    graph_intake.state.deliver(make_email(subject="Unlucky"))
    graph_intake.state.deliver(make_email(subject="Fine"))
    graph_intake.state.fail("GET", "/$value")
    first = fetch()
    assert (first.stored, first.moved, first.failed) == (1, 1, 1)
    assert len(graph_intake.state.messages_in("Inbox")) == 1
    second = fetch()
    assert (second.stored, second.moved) == (1, 1)
    assert sorted(stored().values_list("subject", flat=True)) == ["Fine", "Unlucky"]


def test_a_short_throttle_is_waited_out_within_the_run(world, graph_intake, queue_only):
    """A 429 with a short Retry-After is honoured and the run carries on."""
    graph_intake.state.deliver(make_email(subject="One"))
    graph_intake.state.throttle(1, retry_after=1)
    result = fetch()
    assert (result.stored, result.moved, result.throttled_for) == (1, 1, 0)


def test_a_long_throttle_stops_the_run_and_the_next_run_finishes(
    world, graph_intake, queue_only, monkeypatch
):
    """A 429 asking for longer than a run waits stops the run, saying so; what was not
    stored stays in the Inbox and the next run stores it, once."""
    for n in range(3):
        graph_intake.state.deliver(make_email(subject=f"Message {n}"))
    fetch()  # the folder exists and the first token is cached
    for n in range(3, 6):
        graph_intake.state.deliver(make_email(subject=f"Message {n}"))
    graph_intake.state.throttle(1, retry_after=600)
    result = fetch()
    assert result.throttled_for == 600
    assert len(graph_intake.state.messages_in("Inbox")) == 3
    result = fetch()
    assert (result.stored, result.moved) == (3, 3)
    assert stored().count() == 6


def test_a_revoked_secret_stops_fetch_mail_with_one_clear_line(world, graph_intake, queue_only):
    """A revoked secret ends fetch_mail with an error naming the setting and Entra's code;
    the mail stays in the Inbox."""
    graph_intake.state.deliver(make_email(subject="Waiting"))
    graph_intake.state.revoke_secret()
    with pytest.raises(CommandError) as raised:
        call_command("fetch_mail")
    assert "AADSTS7000215" in str(raised.value)
    assert "WARDCASE_M365_CLIENT_SECRET" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert stored().count() == 0
    assert len(graph_intake.state.messages_in("Inbox")) == 1


def test_a_message_moved_back_to_the_inbox_is_not_stored_twice(world, graph_intake, queue_only):
    """The same message delivered again (a new Graph id, same bytes and Message-ID) is
    recognised, as the IMAP door recognises it, and only moved."""
    raw = make_email(subject="Again")
    graph_intake.state.deliver(raw)
    fetch()
    graph_intake.state.deliver(raw)
    result = fetch()
    assert (result.stored, result.already_stored, result.moved) == (0, 1, 1)
    assert stored().count() == 1
