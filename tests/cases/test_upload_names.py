"""A stored file's name says what it is: the extension follows the type its content was
detected as, whatever the uploader called it, and names lose control and bidirectional
characters. Word, Excel and PowerPoint files (zip archives) that would unpack to too much
are refused before anything is stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.cases.test_upload_safety import PDF, attach, stored_files
from wardcase.cases.models import Attachment
from wardcase.cases.uploads import MAX_OFFICE_ENTRIES, MAX_OFFICE_UNPACKED_BYTES, check_uploads
from wardcase.core.errors import ServiceError

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def docx(entries):
    """A zip laid out as a Word document (so its type is detected as one), plus `entries`:
    (name, bytes) pairs, or (name, size) for a run of zeros written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, content in entries:
            if isinstance(content, int):
                with archive.open(name, "w", force_zip64=True) as entry:
                    chunk = b"\0" * 2**20
                    for _ in range(content // len(chunk)):
                        entry.write(chunk)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def checked(name, content):
    (upload,) = check_uploads([SimpleUploadedFile(name, content)])
    return upload


@pytest.mark.parametrize(
    ("name", "content", "stored_as", "content_type"),
    [
        ("statement.html", PDF, "statement.pdf", "application/pdf"),
        ("photo.html", GIF, "photo.gif", "image/gif"),
        ("drawing.svg", png(), "drawing.png", "image/png"),
        ("setup.exe", PDF, "setup.pdf", "application/pdf"),
        ("letter.PDF", PDF, "letter.PDF", "application/pdf"),
        ("photo.jpeg.png", png(), "photo.jpeg.png", "image/png"),
        ("no extension", PDF, "no extension.pdf", "application/pdf"),
        ("notes.txt", b"Plain words.", "notes.txt", "text/plain"),
    ],
)
def test_a_file_is_stored_under_a_name_its_content_bears_out(
    name, content, stored_as, content_type
):
    upload = checked(name, content)
    assert (upload.original_name, upload.content_type) == (stored_as, content_type)


def test_control_and_direction_characters_leave_a_name():
    """'invoice\u202efdp.exe' shows as 'invoiceexe.pdf' in a right-to-left override."""
    assert checked("invoice\u202efdp.exe", PDF).original_name == "invoicefdp.pdf"
    assert checked("a\r\nb\x00c\u200b.pdf", PDF).original_name == "a bc.pdf"
    assert checked("\u2066\u202e.pdf", PDF).original_name == "file.pdf"


def test_a_zip_bomb_dressed_as_a_word_document_is_refused():
    bomb = docx([("word/media/big.bin", MAX_OFFICE_UNPACKED_BYTES + 2**20)])
    assert len(bomb) < 2 * 2**20
    with pytest.raises(ServiceError) as refused:
        checked("report.docx", bomb)
    assert "report.docx" in refused.value.message
    assert "unpack" in refused.value.message


def test_a_word_document_of_too_many_parts_is_refused():
    many = docx([(f"word/p{n}.xml", b"") for n in range(MAX_OFFICE_ENTRIES)])
    with pytest.raises(ServiceError) as refused:
        checked("report.docx", many)
    assert "parts" in refused.value.message


def test_an_ordinary_word_document_is_accepted():
    upload = checked("letter.docx", docx([("word/styles.xml", b"<styles/>" * 100)]))
    assert upload.content_type.endswith("wordprocessingml.document")


def test_a_refused_bomb_stores_nothing_and_says_why(client, world):
    bomb = docx([("word/media/big.bin", MAX_OFFICE_UNPACKED_BYTES + 2**20)])
    response = attach(client, world, SimpleUploadedFile("report.docx", bomb))
    assert "unpack" in response.content.decode()
    assert stored_files() == []


def test_the_download_carries_the_corrected_name(client, world):
    attach(client, world, SimpleUploadedFile("statement.html", PDF))
    attachment = Attachment.objects.get()
    assert attachment.original_name == "statement.pdf"
    response = client.get(reverse("cases:attachment", args=[world.case.reference, attachment.pk]))
    assert 'filename="statement.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_a_file_stored_before_names_were_checked_downloads_under_a_true_name(client, world):
    attach(client, world, SimpleUploadedFile("statement.pdf", PDF))
    Attachment.objects.update(original_name="statement\u202e.html")
    attachment = Attachment.objects.get()
    response = client.get(reverse("cases:attachment", args=[world.case.reference, attachment.pk]))
    assert 'filename="statement.pdf"' in response["Content-Disposition"]
