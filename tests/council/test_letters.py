"""Letter templates: a .docx is checked (a real Word file, known merge fields only) before
it is kept; replaced and retired, never deleted; every change audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.council.conftest import docx_with, good_template
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.letters import services as letters
from wardcase.letters.models import LetterTemplate, Purpose

NON_ADMINISTRATORS = ["councillor", "caseworker", "coordinator", "officer", "head"]


@pytest.mark.parametrize("who", NON_ADMINISTRATORS)
def test_only_administrators_call_these_services(world, who):
    user = getattr(world, who)
    calls = [
        lambda: letters.letter_template_upload(
            by=user, name="Nope", purpose=Purpose.OTHER, content=good_template(), filename="a.docx"
        ),
    ]
    for call in calls:
        with pytest.raises(ActionNotAllowed):
            call()
    assert not LetterTemplate.objects.filter(name="Nope").exists()


def test_a_template_is_uploaded_replaced_and_retired(world, audited):
    template = letters.letter_template_upload(
        by=world.administrator,
        name="Planning reply",
        purpose=Purpose.RESPONSE,
        content=good_template(),
        filename="planning.docx",
    )
    with template.file.open("rb") as handle:
        assert handle.read() == good_template()
    replacement = docx_with("Dear {{ constituent.name }}, about {{ case.reference }}")
    changed = letters.letter_template_update(
        template=template,
        by=world.administrator,
        name="Planning reply",
        purpose=Purpose.OTHER,
        content=replacement,
        filename="planning-2.docx",
    )
    assert changed == ["purpose", "file"]
    template.refresh_from_db()
    with template.file.open("rb") as handle:
        assert handle.read() == replacement
    assert letters.letter_template_set_active(
        template=template, by=world.administrator, active=False
    )
    assert [e.detail.get("file") for e in audited("config.changed", "letters.lettertemplate")] == [
        "planning-2.docx",
        None,
    ]


@pytest.mark.parametrize(
    ("content", "filename", "words"),
    [
        (b"%PDF-1.4 not a letter", "letter.docx", "not a Word .docx"),
        (b"PK\x03\x04 broken zip", "letter.docx", "not a Word .docx"),
        (docx_with("Dear {{ constituent.nmae }},"), "letter.docx", "does not know"),
        (docx_with("Dear {{ constituent.name,"), "letter.docx", "could not be read"),
        (good_template(), "letter.pdf", "must be a Word .docx"),
        (b"PK" + b"0" * (5 * 1024 * 1024), "big.docx", "smaller than 5 MB"),
    ],
)
def test_a_bad_template_file_is_refused_with_the_reason(world, content, filename, words):
    with pytest.raises(ServiceError) as refused:
        letters.letter_template_upload(
            by=world.administrator,
            name="Bad",
            purpose=Purpose.OTHER,
            content=content,
            filename=filename,
        )
    assert refused.value.field == "file"
    assert words in refused.value.message
    assert not LetterTemplate.objects.filter(name="Bad").exists()


def test_a_template_name_is_unique(world):
    kwargs = {"purpose": Purpose.OTHER, "content": good_template(), "filename": "a.docx"}
    letters.letter_template_upload(by=world.administrator, name="Reply", **kwargs)
    with pytest.raises(ServiceError, match="already a letter template called"):
        letters.letter_template_upload(by=world.administrator, name="reply", **kwargs)


def test_a_letter_template_is_uploaded_checked_and_retired(client, world):
    client.force_login(world.administrator)
    url = reverse("council:letter_add")
    page = client.get(url).content.decode()
    assert "{{ constituent.name }}" in page  # the merge fields are listed
    bad = SimpleUploadedFile("bad.docx", docx_with("Dear {{ constituent.nmae }},"))
    response = client.post(url, {"name": "Planning", "purpose": "response", "file": bad})
    assert response.status_code == 400 and "does not know" in response.content.decode()
    assert 'value="Planning"' in response.content.decode()
    good = SimpleUploadedFile("planning.docx", good_template())
    assert (
        client.post(url, {"name": "Planning", "purpose": "response", "file": good}).status_code
        == 302
    )
    template = LetterTemplate.objects.get(name="Planning")
    edit = reverse("council:letter_edit", args=[template.pk])
    assert client.post(edit, {"name": "Planning reply", "purpose": "response"}).status_code == 302
    template.refresh_from_db()
    assert template.name == "Planning reply"
    client.post(reverse("council:letter_active", args=[template.pk]))
    template.refresh_from_db()
    assert not template.active


def test_a_file_too_large_is_refused_on_the_page(client, world):
    """The page reads no more than the limit and one byte; the service refuses it."""
    client.force_login(world.administrator)
    big = SimpleUploadedFile("big.docx", b"PK" + b"0" * (6 * 1024 * 1024))
    response = client.post(
        reverse("council:letter_add"), {"name": "Big", "purpose": "other", "file": big}
    )
    assert response.status_code == 400
    assert "smaller than 5 MB" in response.content.decode()
