"""Word letters: generated from a case by the councillor's side, kept on the case."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tests.conftest import acknowledged
from wardcase.audit.models import AuditEntry
from wardcase.cases import services as case_services
from wardcase.cases.choices import EventKind
from wardcase.core.errors import ActionNotAllowed
from wardcase.letters.admin import LetterTemplateForm
from wardcase.letters.models import LetterTemplate, Purpose
from wardcase.letters.selectors import letter_templates_offered
from wardcase.letters.services import SHIPPED_DIR, letter_generate


def _text(attachment):
    with attachment.file.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def _template(purpose):
    return next(t for t in letter_templates_offered() if t.purpose == purpose)


@pytest.fixture
def responded(world):
    case = acknowledged(world)
    case_services.case_add_event(
        case=case,
        by=world.officer,
        kind=EventKind.FULL_RESPONSE,
        body="We filled the pothole on 20 November.\nThe road is safe again.",
    )
    case.refresh_from_db()
    return case


def test_the_three_shipped_templates_are_installed_on_first_use(world):
    """With no templates uploaded, acknowledgement, response and closure letters are offered."""
    purposes = {t.purpose for t in letter_templates_offered()}
    assert purposes == {Purpose.ACKNOWLEDGEMENT, Purpose.RESPONSE, Purpose.CLOSURE}
    letter_templates_offered()
    assert LetterTemplate.objects.count() == 3


def test_a_councillor_generates_a_response_letter(world, responded):
    """The letter's merge fields are filled from the case, and it is kept on the timeline."""
    constituent = responded.constituent
    constituent.address = "4 Mill Lane\nTestville"
    constituent.save()
    attachment = letter_generate(
        case=responded, template=_template(Purpose.RESPONSE), by=world.councillor
    )
    text = _text(attachment)
    assert "Dear Ada Resident," in text
    assert "4 Mill Lane\nTestville" in text
    assert "TE1 1ST" in text
    assert f"reference {responded.reference}" in text
    assert "Pothole on Mill Lane" in text
    assert "We filled the pothole on 20 November.\nThe road is safe again." in text
    assert "Officer One of Highways" in text
    assert "Cllr One\nCouncillor for North Ward" in text
    assert world.council.name in text
    assert "{{" not in text
    assert attachment.original_name == f"{responded.reference} Response to constituent.docx"
    event = attachment.event
    assert event.kind == EventKind.LETTER and event.author == world.councillor
    assert AuditEntry.objects.filter(action="case.letter_generated", case=responded).exists()


def test_constituent_text_cannot_break_the_document(world):
    """Ampersands and angle brackets in case text are escaped, and the .docx still opens."""
    case = world.case
    case.subject = "Fence & <gate> problem"
    case.save()
    attachment = letter_generate(
        case=case, template=_template(Purpose.ACKNOWLEDGEMENT), by=world.caseworker
    )
    assert "Fence & <gate> problem" in _text(attachment)


@pytest.mark.parametrize("who", ["officer", "other_councillor", "coordinator", "head"])
def test_only_the_councillors_side_generates_letters(world, who):
    """Officers, heads, coordinators and other councillors cannot write the case's letters."""
    acknowledged(world)
    with pytest.raises(ActionNotAllowed):
        letter_generate(
            case=world.case,
            template=_template(Purpose.ACKNOWLEDGEMENT),
            by=getattr(world, who),
        )


def test_the_case_page_offers_letters_to_the_owner_only(client, world):
    """The owner sees the letter form; an officer on the case does not."""
    acknowledged(world)
    client.force_login(world.councillor)
    assert 'id="letters"' in client.get(world.case.get_absolute_url()).content.decode()
    client.force_login(world.officer)
    assert 'id="letters"' not in client.get(world.case.get_absolute_url()).content.decode()


def test_generating_from_the_page_then_downloading(client, world):
    """A caseworker posts the form, is sent back to the case, and downloads the .docx."""
    template = _template(Purpose.ACKNOWLEDGEMENT)
    url = reverse("letters:create", args=[world.case.reference])
    client.force_login(world.caseworker)
    response = client.post(url, {"template": template.pk}, follow=True)
    assert response.status_code == 200
    assert "generated" in response.content.decode()
    attachment = world.case.attachments.get()
    download = client.get(reverse("cases:attachment", args=[world.case.reference, attachment.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert "Dear Ada Resident," in "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)


def test_the_letter_view_four_ways(client, world):
    """Anonymous: sign in; officer on the case: 403; another councillor: 404; no template: error."""
    acknowledged(world)
    template = _template(Purpose.ACKNOWLEDGEMENT)
    url = reverse("letters:create", args=[world.case.reference])
    assert client.post(url, {"template": template.pk}).status_code == 302
    client.force_login(world.officer)
    assert client.post(url, {"template": template.pk}).status_code == 403
    client.force_login(world.other_councillor)
    assert client.post(url, {"template": template.pk}).status_code == 404
    client.force_login(world.councillor)
    response = client.post(url, {}, follow=True)
    assert "Choose a letter template" in response.content.decode()
    assert not world.case.attachments.exists()


def _upload(content, name="letter.docx"):
    return SimpleUploadedFile(name, content)


def _form(content):
    return LetterTemplateForm(
        data={"name": "Ours", "purpose": Purpose.OTHER, "active": True},
        files={"file": _upload(content)},
    )


def _docx_with(text):
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_uploaded_template_is_checked(world):
    """Only a .docx using the known merge fields is accepted, with a clear reason otherwise."""
    good = (SHIPPED_DIR / "closure.docx").read_bytes()
    assert _form(good).is_valid()
    not_docx = _form(b"%PDF-1.4 not a letter")
    assert not not_docx.is_valid()
    assert "not a Word .docx" in not_docx.errors["file"][0]
    unknown = _form(_docx_with("Dear {{ constituent.nmae }},"))
    assert not unknown.is_valid()
    assert "merge field" in unknown.errors["file"][0]
    broken = _form(_docx_with("Dear {{ constituent.name,"))
    assert not broken.is_valid()
    assert "merge fields could not be read" in broken.errors["file"][0]


def test_administrators_upload_templates_in_the_admin(client, world):
    """The admin page lists the merge fields; an upload there is offered to councillors."""
    world.administrator.is_superuser = True  # the Django admin is for superusers only
    world.administrator.save(update_fields=["is_superuser"])
    client.force_login(world.administrator)
    add = reverse("admin:letters_lettertemplate_add")
    page = client.get(add).content.decode()
    assert "{{ constituent.name }}" in page and "{{ response.text }}" in page
    response = client.post(
        add,
        {
            "name": "Housing letter",
            "purpose": Purpose.OTHER,
            "active": "on",
            "file": _upload((SHIPPED_DIR / "response.docx").read_bytes()),
        },
    )
    assert response.status_code == 302
    assert "Housing letter" in {t.name for t in letter_templates_offered()}
    client.force_login(world.coordinator)
    assert client.get(add).status_code in {302, 403}


def test_a_letter_is_withheld_from_officers_where_contact_details_are(client, world):
    """The letter carries the constituent's address: an officer on a case whose constituent
    did not agree to share contact details sees neither the file nor its link."""
    case = acknowledged(world)
    case.consent_share_officers = False
    case.save(update_fields=["consent_share_officers"])
    letter_generate(case=case, template=_template(Purpose.ACKNOWLEDGEMENT), by=world.councillor)
    attachment = case.attachments.get()
    url = reverse("cases:attachment", args=[case.reference, attachment.pk])
    client.force_login(world.officer)
    assert client.get(url).status_code == 404
    assert url not in client.get(case.get_absolute_url()).content.decode()
    client.force_login(world.councillor)
    assert client.get(url).status_code == 200
    assert url in client.get(case.get_absolute_url()).content.decode()
