"""Uploads: limits on size and count, stored under generated names outside the static
roots, served only as downloads, and scanned by ClamAV when clamd is configured."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wardcase.cases.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# The standard anti-virus test file: harmless, and detected as a virus by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CLAMD = os.environ.get("WARDCASE_CLAMD_SOCKET", "")
needs_clamd = pytest.mark.skipif(
    not CLAMD,
    reason="WARDCASE_CLAMD_SOCKET is not set: scripts/test.sh starts a private clamd "
    "(scripts/clamav-test.sh start) and sets it",
)


def attach(client, world, *files):
    client.force_login(world.councillor)
    return client.post(
        reverse("cases:attach", args=[world.case.reference]), {"attachments": list(files)}
    )


def stored_files():
    """Files stored for cases (letter templates installed on first use are not uploads)."""
    media = Path(django_settings.MEDIA_ROOT) / "attachments"
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_more_files_than_the_limit_are_refused_and_none_stored(client, world, settings):
    """Six files when five are allowed: a clear message, nothing stored."""
    settings.WARDCASE_MAX_UPLOADS_PER_REQUEST = 5
    files = [SimpleUploadedFile(f"page-{n}.pdf", PDF) for n in range(6)]
    response = attach(client, world, *files)
    assert response.status_code == 400
    assert b"You can attach up to 5 files at a time." in response.content
    assert world.case.attachments.count() == 0 and stored_files() == []


def test_a_file_over_the_size_limit_is_refused_in_the_browser(client, world, settings):
    """A file bigger than the limit is refused with the limit named; nothing is stored."""
    settings.WARDCASE_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024))
    response = attach(client, world, big)
    assert response.status_code == 400
    assert b"scan.pdf is larger than 1 MB." in response.content
    assert world.case.attachments.count() == 0 and stored_files() == []


def test_files_are_stored_under_generated_names_outside_static_and_served_as_downloads(
    client, world
):
    """The stored name is random (not the uploader's), under MEDIA_ROOT, not under a static
    root; the download is an attachment, with nosniff and no-store."""
    response = attach(client, world, SimpleUploadedFile("../../evil <script>.pdf", PDF))
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=world.case)
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    for static_root in [django_settings.STATIC_ROOT, *django_settings.STATICFILES_DIRS]:
        assert not stored.is_relative_to(Path(static_root).resolve())
    assert "evil" not in stored.name and "script" not in stored.name
    assert attachment.original_name == "evil <script>.pdf"
    download = client.get(reverse("cases:attachment", args=[world.case.reference, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PDF


def test_a_configured_but_unreachable_scanner_refuses_uploads(client, world, settings, tmp_path):
    """If clamd is configured but down, files are refused (fail closed), not stored unscanned."""
    settings.WARDCASE_CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")
    response = attach(client, world, SimpleUploadedFile("letter.pdf", PDF))
    assert response.status_code == 400
    assert b"letter.pdf was not stored: the virus scanner is unavailable." in response.content
    assert world.case.attachments.count() == 0 and stored_files() == []


@needs_clamd
def test_the_eicar_test_file_is_refused_and_nothing_is_stored(client, world, settings):
    """With clamd configured, the EICAR file is found before storing: a clear message."""
    settings.WARDCASE_CLAMD_SOCKET = CLAMD
    response = attach(client, world, SimpleUploadedFile("eicar.txt", EICAR))
    assert response.status_code == 400
    assert b"eicar.txt contains a virus, so it has not been attached." in response.content
    assert world.case.attachments.count() == 0 and stored_files() == []


@needs_clamd
def test_eicar_inside_a_bigger_file_is_refused(client, world, settings):
    """EICAR within other text is found too; the clean file beside it is not stored either."""
    settings.WARDCASE_CLAMD_SOCKET = CLAMD
    wrapped = b"Notes from the surgery\n" * 5000 + EICAR + b"\nend\n"
    response = attach(
        client,
        world,
        SimpleUploadedFile("clean.pdf", PDF),
        SimpleUploadedFile("notes.txt", wrapped),
    )
    assert response.status_code == 400
    assert b"notes.txt contains a virus" in response.content
    assert world.case.attachments.count() == 0 and stored_files() == []


@needs_clamd
def test_a_clean_file_is_scanned_and_stored(client, world, settings):
    """A clean file passes the scan and is attached."""
    settings.WARDCASE_CLAMD_SOCKET = CLAMD
    response = attach(client, world, SimpleUploadedFile("letter.pdf", PDF))
    assert response.status_code == 302
    assert world.case.attachments.count() == 1
