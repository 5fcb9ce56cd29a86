"""Hypothesis-generated messages: whatever arrives is kept once and ends in a final state."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wardcase.cases.choices import EventKind
from wardcase.mail.addresses import case_reply_address
from wardcase.mail.inbound.processing import inbound_process
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import InboundMessage

FINAL = {
    InboundMessage.State.PROCESSED,
    InboundMessage.State.IGNORED,
    InboundMessage.State.QUARANTINED,
}
HEADER_NAMES = [
    "Subject",
    "Cc",
    "Message-ID",
    "Date",
    "Auto-Submitted",
    "Precedence",
    "X-Autoreply",
    "Return-Path",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-Disposition",
    "MIME-Version",
    "X-Anything",
]
header_values = st.text(max_size=60) | st.sampled_from(
    [
        "multipart/mixed; boundary=b",
        "multipart/report; report-type=delivery-status",
        "text/plain; charset=x-nonsense",
        "text/html; charset=utf-8",
        "base64",
        "quoted-printable",
        "=?utf-8?B?w6nDqMOg?=",
        "=?broken?Q?x",
        "<>",
        "auto-replied",
        "no",
        "bulk",
    ]
)
part = st.tuples(
    st.sampled_from(["text/plain", "text/html", "application/pdf", "image/png", "message/rfc822"]),
    st.sampled_from(["", "base64", "quoted-printable", "8bit", "x-bogus"]),
    st.one_of(st.none(), st.text(max_size=20)),
    st.binary(max_size=300),
)


def build(sender, recipient, headers, body, parts, crlf):
    lines = []
    if sender is not None:
        lines.append(f"From: {sender}")
    if recipient is not None:
        lines.append(f"To: {recipient}")
    lines += [f"{name}: {value}" for name, value in headers]
    head = "\n".join(lines).encode("utf-8", "surrogatepass")
    if parts:
        head += b"\nContent-Type: multipart/mixed; boundary=zz"
        chunks = [b"--zz\n\n" + body]
        for content_type, encoding, filename, content in parts:
            chunk = f"--zz\nContent-Type: {content_type}\n".encode()
            if encoding:
                chunk += f"Content-Transfer-Encoding: {encoding}\n".encode()
            if filename is not None:
                chunk += f'Content-Disposition: attachment; filename="{filename}"\n'.encode(
                    "utf-8", "surrogatepass"
                )
            chunks.append(chunk + b"\n" + content)
        body = b"\n".join(chunks) + b"\n--zz--\n"
    raw = head + b"\n\n" + body
    return raw.replace(b"\n", b"\r\n") if crlf else raw


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sender=st.one_of(
        st.none(),
        st.sampled_from(["cllr.one@council.example", "Stranger <x@example.net>", "", "@@"]),
        st.text(max_size=40),
    ),
    recipient=st.one_of(
        st.none(),
        st.sampled_from(["REPLY", "intake@localhost", "casework+1-1-abc@localhost", "a@b"]),
        st.text(max_size=40),
    ),
    headers=st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_values), max_size=6),
    body=st.binary(max_size=500) | st.text(max_size=500).map(str.encode),
    parts=st.lists(part, max_size=3),
    crlf=st.booleans(),
    whole_garbage=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_any_message_is_kept_once_and_ends_in_a_final_state(
    world, sender, recipient, headers, body, parts, crlf, whole_garbage
):
    """No generated message crashes the pipeline, is lost, stays unprocessed or is stored twice;
    nothing from anyone but the case's own people reaches the case."""
    if recipient == "REPLY":
        recipient = case_reply_address(case=world.case, user=world.councillor)
    raw = (
        whole_garbage
        if whole_garbage is not None
        else build(sender, recipient, headers, body, parts, crlf)
    )
    events_before = world.case.events.filter(kind=EventKind.EMAIL_IN).count()
    message, created = inbound_store(raw=raw, source=InboundMessage.Source.FILE, enqueue=False)
    if created:
        inbound_process(message_id=message.pk)
    message.refresh_from_db()
    assert message.state in FINAL
    assert bytes(message.raw) == raw
    if message.state == InboundMessage.State.QUARANTINED:
        assert message.reason
    again, created_again = inbound_store(raw=raw, source=InboundMessage.Source.FILE)
    assert again.pk == message.pk and not created_again
    added = world.case.events.filter(kind=EventKind.EMAIL_IN).count() - events_before
    if added:
        assert message.case_id == world.case.pk
        assert message.event.author == world.councillor
    assert not message.reason.startswith("Processing failed"), message.reason


def test_a_nul_in_the_subject_or_body_is_dropped_and_the_reply_lands(world):
    """Found by the generated messages on PostgreSQL, which cannot store NUL in text or
    JSON: an encoded NUL in the Subject and a raw one in the body are dropped, and the
    reply reaches the case as any other would."""
    recipient = case_reply_address(case=world.case, user=world.councillor)
    raw = (
        f"From: {world.councillor.email}\r\nTo: {recipient}\r\n"
        "Subject: =?utf-8?Q?Bins=00_still_out?=\r\nMessage-ID: <nul-1@example.org>\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nStill\x00 out, see photo.\r\n"
    ).encode()
    message, _created = inbound_store(raw=raw, source=InboundMessage.Source.FILE, enqueue=False)
    inbound_process(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == InboundMessage.State.PROCESSED, message.reason
    assert message.subject == "Bins still out"
    event = world.case.events.get(kind=EventKind.EMAIL_IN)
    assert event.body == "Still out, see photo."
    assert event.data["subject"] == "Bins still out"
