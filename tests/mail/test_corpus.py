"""The corpus: real-world-shaped messages through the whole pipeline, counted from the database.

Each file's name says where it must end up (processed-, ignored-, quarantined-). Placeholders
@@REPLY_COUNCILLOR@@ and @@REPLY_OFFICER@@ become the case's signed reply addresses, which
depend on the site's secret key. A message with a huge attachment is generated here rather
than committed.
"""

import base64
from pathlib import Path

from django.db import transaction

from tests.conftest import assign
from wardcase.cases.choices import EventKind
from wardcase.mail.addresses import case_reply_address
from wardcase.mail.inbound.parsing import sha256
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import DraftCase, InboundMessage

CORPUS = Path(__file__).parent / "corpus"
State = InboundMessage.State
EXPECTED = {
    "processed": State.PROCESSED,
    "ignored": State.IGNORED,
    "quarantined": State.QUARANTINED,
}


def huge_attachment_email(world):
    """A reply carrying a 12 MB file: the message is taken, the file is over the upload limit."""
    payload = base64.encodebytes(b"%PDF-1.4\n" + b"0" * (12 * 2**20)).decode()
    return (
        f"From: {world.councillor.email}\r\n"
        f"To: {case_reply_address(case=world.case, user=world.councillor)}\r\n"
        "Subject: Re: the survey\r\nMessage-ID: <huge@example.org>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="h"\r\n\r\n'
        "--h\r\nContent-Type: text/plain\r\n\r\nThe full survey is attached.\r\n"
        "--h\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        'Content-Disposition: attachment; filename="survey.pdf"\r\n\r\n'
        f"{payload}\r\n--h--\r\n"
    ).encode()


def corpus_inputs(world):
    councillor = case_reply_address(case=world.case, user=world.councillor)
    officer = case_reply_address(case=world.case, user=world.officer)
    inputs = []
    for path in sorted(CORPUS.iterdir()):
        raw = path.read_bytes()
        if path.suffix == ".eml":
            raw = (
                raw.replace(b"@@REPLY_COUNCILLOR_UPPER@@", councillor.upper().encode())
                .replace(b"@@REPLY_COUNCILLOR@@", councillor.encode())
                .replace(b"@@REPLY_OFFICER@@", officer.encode())
            )
        inputs.append((path.name, raw))
    inputs.append(("processed-huge-attachment.eml", huge_attachment_email(world)))
    return inputs


def deliver_all(inputs, capture):
    """Deliver every message as ingest_mail does; returns (rows by name, crashes, duplicates)."""
    rows, crashes, duplicates = {}, [], 0
    for name, raw in inputs:
        try:
            with capture(execute=True), transaction.atomic():
                message, created = inbound_store(raw=raw, source=InboundMessage.Source.FILE)
        except Exception as exc:  # noqa: BLE001 - a crash is counted and reported, not hidden
            crashes.append((name, repr(exc)))
            continue
        rows[name] = message.pk
        duplicates += not created
    return rows, crashes, duplicates


def test_corpus_lands_every_message_exactly_once(world, django_capture_on_commit_callbacks):
    """N in = S stored + Q quarantined, with no crash, no loss and no duplicate on re-delivery."""
    assert len(list(CORPUS.iterdir())) >= 40
    assign(world)
    inputs = corpus_inputs(world)
    rows, crashes, first_duplicates = deliver_all(inputs, django_capture_on_commit_callbacks)
    again, crashes_again, repeats = deliver_all(inputs, django_capture_on_commit_callbacks)

    total = len(inputs)
    stored = InboundMessage.objects.filter(state__in=[State.PROCESSED, State.IGNORED]).count()
    quarantined = InboundMessage.objects.filter(state=State.QUARANTINED).count()
    failed = InboundMessage.objects.filter(reason__startswith="Processing failed").count()
    unprocessed = InboundMessage.objects.filter(state=State.RECEIVED).count()
    crash_count = len(crashes) + len(crashes_again) + failed + unprocessed
    hashes = {sha256(raw) for _name, raw in inputs}
    lost = len(hashes - set(InboundMessage.objects.values_list("sha256", flat=True)))
    duplicates = InboundMessage.objects.count() - len(hashes) + first_duplicates
    print(
        f"\n{total} in = {stored} stored + {quarantined} quarantined, {crash_count} crashes, "
        f"{lost} lost, {duplicates} duplicates"
    )
    print(
        f"(stored: {InboundMessage.objects.filter(state=State.PROCESSED).count()} processed, "
        f"{InboundMessage.objects.filter(state=State.IGNORED).count()} ignored; "
        f"{repeats} re-deliveries recognised)"
    )
    assert crashes == [] and crashes_again == []
    assert (crash_count, lost, duplicates) == (0, 0, 0)
    assert total == stored + quarantined
    assert repeats == total and again == rows

    states = dict(InboundMessage.objects.filter(pk__in=rows.values()).values_list("pk", "state"))
    wrong = {
        name: (states[pk], InboundMessage.objects.get(pk=pk).reason)
        for name, pk in rows.items()
        if states[pk] != EXPECTED[name.split("-")[0]]
    }
    assert wrong == {}

    # Nothing but processed replies reached the case, and every one of them did.
    replies_on_case = world.case.events.filter(kind=EventKind.EMAIL_IN).count()
    processed_to_case = InboundMessage.objects.filter(state=State.PROCESSED, case=world.case)
    assert replies_on_case == processed_to_case.count()
    assert DraftCase.objects.count() == 4


def test_corpus_details(world, django_capture_on_commit_callbacks):
    """Spot checks: nested parts, encodings, winmail.dat, the Outlook forward, the huge file."""
    assign(world)
    rows, _crashes, _dups = deliver_all(corpus_inputs(world), django_capture_on_commit_callbacks)

    def event(name):
        return InboundMessage.objects.get(pk=rows[name]).event

    nested = event("processed-nested-multipart.eml")
    assert sorted(a.original_name for a in nested.attachments.all()) == [
        "image001.png",
        "plan.pdf",
    ]
    assert event("processed-latin1-body.eml").body.startswith("The repair cost £120 and the café")
    assert event("processed-rfc2047-subject-utf8.eml").data["subject"].startswith("Re: Côte")
    html = event("processed-html-only.eml").body
    assert "The crew came today." in html and "alert" not in html and "color" not in html
    winmail = event("processed-winmail-dat.eml")
    assert winmail.attachments.count() == 0 and "winmail.dat" in winmail.data["files_not_kept"][0]
    huge = event("processed-huge-attachment.eml")
    assert huge.attachments.count() == 0 and "survey.pdf" in huge.data["files_not_kept"][0]
    assert event("processed-officer-reply.eml").author == world.officer
    assert event("processed-outlook-reply-qp.eml").body == (
        "Could you confirm the date? The resident has asked twice\xa0now."
    )
    outlook = DraftCase.objects.get(inbound_id=rows["processed-outlook-forward.msg"])
    assert (outlook.constituent_name, outlook.constituent_postcode) == ("Erin Walker", "TE4 4EF")
    assert outlook.inbound.original_format == "msg"
    attached = DraftCase.objects.get(inbound_id=rows["processed-intake-attached-forward.eml"])
    assert attached.constituent_email == "carol.jones@example.com"
    assert attached.constituent_address == "22 Station Road, Testtown"
    by_caseworker = DraftCase.objects.get(inbound_id=rows["processed-intake-outlook-forward.eml"])
    assert by_caseworker.forwarded_by == world.caseworker
    assert by_caseworker.owner == world.councillor
