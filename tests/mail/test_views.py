"""The mail pages: who may reach them, and what they do for those who may."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.mail.helpers import deliver, make_email, reply_email
from tests.mail.test_drafts import INLINE_FORWARD
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case
from wardcase.mail.models_inbound import DraftCase, InboundMessage

SIGN_IN = "/accounts/sign-in/"


def upload_url(case):
    return reverse("mail_inbound:upload", args=[case.reference])


def eml(name="email.eml", **kwargs):
    return SimpleUploadedFile(name, make_email(**kwargs), content_type="message/rfc822")


def quarantined_message(capture):
    raw = make_email(sender="stranger@example.net", to="intake@localhost", body=INLINE_FORWARD)
    message, _created = deliver(raw, capture)
    assert message.state == InboundMessage.State.QUARANTINED
    return message


# Dropping an email on a case


def test_anonymous_cannot_add_an_email(client, world):
    """Anonymous visitors are sent to sign in."""
    response = client.post(upload_url(world.case), {"message": eml()})
    assert response.status_code == 302 and SIGN_IN in response["Location"]


def test_other_councillor_gets_404_for_a_case_they_cannot_see(client, world):
    """Another councillor's case does not exist as far as they can tell."""
    client.force_login(world.other_councillor)
    assert client.post(upload_url(world.case), {"message": eml()}).status_code == 404
    assert not InboundMessage.objects.exists()


def test_a_closed_case_takes_no_email(client, world):
    """The owner still sees a closed case but may not add to it: refused, nothing stored."""
    from wardcase.cases import services

    services.case_close(case=world.case, by=world.councillor, outcome="resolved")
    client.force_login(world.councillor)
    assert client.post(upload_url(world.case), {"message": eml()}).status_code == 403
    assert not InboundMessage.objects.exists()


def test_councillor_drops_an_eml_on_their_case(client, world):
    """The email lands on the timeline from the uploader, and the case page lists it."""
    client.force_login(world.councillor)
    upload = eml(
        sender="Ada Resident <ada@example.org>", subject="More photos", body="See attached."
    )
    response = client.post(upload_url(world.case), {"message": upload})
    assert response.status_code == 302
    event = world.case.events.get(kind=EventKind.EMAIL_IN)
    assert event.author == world.councillor and event.body == "See attached."
    assert event.data["sender"] == "Ada Resident <ada@example.org>"
    page = client.get(world.case.get_absolute_url())
    message = InboundMessage.objects.get()
    original = reverse("mail_inbound:original", args=[world.case.reference, message.pk])
    assert original in page.content.decode()
    assert 'id="mail-upload-message"' in page.content.decode()
    download = client.get(original)
    assert download.status_code == 200
    assert download.content == bytes(message.raw)
    assert download["Content-Disposition"].startswith("attachment")


def test_a_file_that_is_not_an_email_is_refused_with_a_message(client, world):
    """A text file is not an email: the form says so and nothing is stored."""
    client.force_login(world.councillor)
    bad = SimpleUploadedFile("notes.eml", b"just some notes\nnothing else\n")
    response = client.post(upload_url(world.case), {"message": bad})
    assert response.status_code == 400
    assert "This is not an email file" in response.content.decode()
    assert not InboundMessage.objects.exists()


def test_the_same_email_twice_is_refused(client, world):
    """Dropping the same file again says it is already on the case."""
    client.force_login(world.councillor)
    raw = make_email(subject="Once")
    client.post(upload_url(world.case), {"message": SimpleUploadedFile("a.eml", raw)})
    response = client.post(upload_url(world.case), {"message": SimpleUploadedFile("a.eml", raw)})
    assert "already on this case" in response.content.decode()
    assert world.case.events.filter(kind=EventKind.EMAIL_IN).count() == 1


def test_other_councillor_cannot_download_an_email_on_a_case(
    client, world, django_capture_on_commit_callbacks
):
    """The whole email is served only to those who see the case."""
    message, _created = deliver(reply_email(world), django_capture_on_commit_callbacks)
    url = reverse("mail_inbound:original", args=[world.case.reference, message.pk])
    client.force_login(world.other_councillor)
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


# Quarantine


def test_quarantine_is_for_coordinators_only(client, world, django_capture_on_commit_callbacks):
    """Anonymous users sign in; councillors and officers are refused; coordinators see it."""
    message = quarantined_message(django_capture_on_commit_callbacks)
    url = reverse("mail_inbound:quarantine")
    response = client.get(url)
    assert response.status_code == 302 and SIGN_IN in response["Location"]
    for user in (world.councillor, world.officer, world.administrator):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("mail_inbound:raw", args=[message.pk])).status_code == 403
        assert client.post(reverse("mail_inbound:retry", args=[message.pk])).status_code == 403
    client.force_login(world.coordinator)
    page = client.get(url).content.decode()
    assert "stranger@example.net" in page and "Unknown sender" in page


def test_coordinator_downloads_and_retries(client, world, django_capture_on_commit_callbacks):
    """Retry runs processing again: once the sender is a user, the message is processed."""
    message = quarantined_message(django_capture_on_commit_callbacks)
    client.force_login(world.coordinator)
    download = client.get(reverse("mail_inbound:raw", args=[message.pk]))
    assert download.content == bytes(message.raw)
    response = client.post(reverse("mail_inbound:retry", args=[message.pk]), follow=True)
    assert "Still quarantined" in response.content.decode()
    world.other_councillor.email = "stranger@example.net"
    world.other_councillor.save()
    client.post(reverse("mail_inbound:retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.state == InboundMessage.State.PROCESSED
    assert DraftCase.objects.get().forwarded_by == world.other_councillor


# Drafts


def forwarded_draft(world, capture):
    raw = make_email(sender=world.councillor.email, to="intake@localhost", body=INLINE_FORWARD)
    deliver(raw, capture)
    return DraftCase.objects.get()


def test_drafts_page_roles(client, world, django_capture_on_commit_callbacks):
    """Officers and coordinators are refused; the other councillor sees no draft and gets 404."""
    draft = forwarded_draft(world, django_capture_on_commit_callbacks)
    detail = reverse("mail_inbound:draft", args=[draft.pk])
    response = client.get(detail)
    assert response.status_code == 302 and SIGN_IN in response["Location"]
    for user in (world.officer, world.coordinator):
        client.force_login(user)
        assert client.get(reverse("mail_inbound:drafts")).status_code == 403
    client.force_login(world.other_councillor)
    assert "Ada Resident" not in client.get(reverse("mail_inbound:drafts")).content.decode()
    assert client.get(detail).status_code == 404
    assert client.post(reverse("mail_inbound:draft_discard", args=[draft.pk])).status_code == 404


def test_caseworker_confirms_a_draft(client, world, django_capture_on_commit_callbacks):
    """The caseworker acting for the councillor checks the fields and logs the case."""
    draft = forwarded_draft(world, django_capture_on_commit_callbacks)
    client.force_login(world.caseworker)
    assert "Ada Resident" in client.get(reverse("mail_inbound:drafts")).content.decode()
    detail = reverse("mail_inbound:draft", args=[draft.pk])
    page = client.get(detail).content.decode()
    assert "ada.resident@example.org" in page and "TE1 1ST" in page
    data = {
        "owner": world.councillor.pk,
        "subject": "Bins not emptied",
        "description": "Three weeks without a collection.",
        "service": world.service.pk,
        "constituent_name": "Ada Resident",
        "constituent_email": "ada.resident@example.org",
        "constituent_address": "Flat 2, 14 Mill Lane",
        "constituent_postcode": "TE1 1ST",
    }
    missing = client.post(detail, {**data, "service": ""})
    assert missing.status_code == 400 and "Choose a service" in missing.content.decode()
    response = client.post(detail, data)
    case = Case.objects.get(subject="Bins not emptied")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.owner == world.councillor and case.constituent.email == "ada.resident@example.org"
    assert client.get(detail).status_code == 404  # no longer pending


def test_councillor_discards_a_draft(client, world, django_capture_on_commit_callbacks):
    """Discarding keeps no case and takes the draft off the list."""
    draft = forwarded_draft(world, django_capture_on_commit_callbacks)
    client.force_login(world.councillor)
    client.post(reverse("mail_inbound:draft_discard", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == DraftCase.State.DISCARDED
    assert Case.objects.count() == 2


def test_outlook_msg_dropped_on_a_case_attaches(client, world):
    """A .msg dropped on the case lands with its attachment; the download is the .msg itself."""
    from tests.mail.msgfile import outlook_msg

    headers = (
        "From: Ada Resident <ada@example.org>\r\nTo: Cllr One <cllr.one@council.example>\r\n"
        "Subject: Damp in the bedroom\r\nMessage-ID: <ada-msg@example.org>\r\n\r\n"
    )
    raw = outlook_msg(
        sender="ada@example.org",
        sender_name="Ada Resident",
        to="cllr.one@council.example",
        subject="Damp in the bedroom",
        body="Photo of the damp attached.",
        headers=headers,
        attachments=[("damp.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)],
    )
    client.force_login(world.caseworker)
    response = client.post(upload_url(world.case), {"message": SimpleUploadedFile("d.msg", raw)})
    assert response.status_code == 302
    event = world.case.events.get(kind=EventKind.EMAIL_IN)
    assert event.author == world.caseworker and event.body == "Photo of the damp attached."
    assert [a.original_name for a in event.attachments.all()] == ["damp.png"]
    message = InboundMessage.objects.get()
    download = client.get(reverse("mail_inbound:original", args=[world.case.reference, message.pk]))
    assert download.content == raw and download["Content-Disposition"].endswith('.msg"')


def test_quarantine_list_takes_the_same_queries_for_one_or_many(client, world):
    """The list is paginated and costs a constant number of queries, however long it is."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wardcase.mail.inbound.store import inbound_store

    def store(n):
        raw = make_email(sender=f"s{n}@example.net", subject=f"Spam {n}")
        message, _created = inbound_store(raw=raw, source=InboundMessage.Source.FILE, enqueue=False)
        InboundMessage.objects.filter(pk=message.pk).update(
            state=InboundMessage.State.QUARANTINED, reason="Unknown sender"
        )

    client.force_login(world.coordinator)
    store(0)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("mail_inbound:quarantine"))
    for n in range(1, 30):
        store(n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("mail_inbound:quarantine"))
    assert len(many) == len(one)
    assert "Spam 29" in page.content.decode() and "Spam 0" not in page.content.decode()


def test_navigation_offers_drafts_and_quarantine_to_those_who_use_them(client, world):
    """Councillors and caseworkers see Draft cases; coordinators see Quarantined email."""
    drafts, quarantine = reverse("mail_inbound:drafts"), reverse("mail_inbound:quarantine")
    for user, shown, hidden in [
        (world.councillor, drafts, quarantine),
        (world.caseworker, drafts, quarantine),
        (world.coordinator, quarantine, drafts),
    ]:
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert f'href="{shown}"' in page and f'href="{hidden}"' not in page
    client.force_login(world.officer)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{drafts}"' not in page and f'href="{quarantine}"' not in page
