"""Checking uploaded files by their content, not by their name, before anything is stored."""

import io
import logging
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from wardcase.core import clamav
from wardcase.core.errors import ServiceError, ServiceUnavailable
from wardcase.core.text import one_line

logger = logging.getLogger(__name__)

# MIME types accepted, by what the bytes say they are.
ALLOWED_BINARY_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/rtf",
}
TEXT_EXTENSIONS = {".txt": "text/plain", ".csv": "text/csv", ".eml": "message/rfc822"}

# The extensions a file of each type may keep, the first being the one it is given when its
# name claims something else ("statement.html" holding a PDF is stored as "statement.pdf").
EXTENSIONS = {
    "application/pdf": [".pdf"],
    "image/jpeg": [".jpg", ".jpeg", ".jpe"],
    "image/png": [".png"],
    "image/gif": [".gif"],
    "image/webp": [".webp"],
    "image/heic": [".heic", ".heif"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": [".pptx"],
    "application/msword": [".doc"],
    "application/vnd.ms-excel": [".xls"],
    "application/rtf": [".rtf"],
    **{content_type: [extension] for extension, content_type in TEXT_EXTENSIONS.items()},
}
OFFICE_ZIP_TYPES = {t for t in ALLOWED_BINARY_TYPES if "openxmlformats" in t}
# A Word, Excel or PowerPoint file is a zip: one that would unpack to more than this, or
# holds more parts than this, is a zip bomb rather than a document a constituent sent.
MAX_OFFICE_UNPACKED_BYTES = 100 * 2**20
MAX_OFFICE_ENTRIES = 2000


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content has been checked, ready to store under a generated name."""

    original_name: str
    content_type: str
    content: bytes
    storage_name: str


def check_uploads(files: Iterable[UploadedFile[bytes] | None]) -> list[CheckedUpload]:
    """Check every file; raise ServiceError naming the first bad one. Reads each file once."""
    chosen = [f for f in files if f]
    limit = settings.WARDCASE_MAX_UPLOADS_PER_REQUEST
    if len(chosen) > limit:
        raise ServiceError(
            _("You can attach up to %(limit)s files at a time.") % {"limit": limit},
            field="attachments",
        )
    return [_check_one(f) for f in chosen]


def _check_one(upload):
    name = _clean_name(upload.name)
    max_bytes = settings.WARDCASE_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ServiceError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes // 2**20},
            field="attachments",
        )
    content = upload.read()
    if not content:
        raise ServiceError(_("%(name)s is empty.") % {"name": name}, field="attachments")
    if len(content) > max_bytes:
        raise ServiceError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes // 2**20},
            field="attachments",
        )
    content_type = _content_type(name, content)
    if content_type is None:
        raise ServiceError(
            _(
                "%(name)s is not a file type Wardcase accepts. Attach a PDF, an image, "
                "a Word or Excel document, or a plain text file."
            )
            % {"name": name},
            field="attachments",
        )
    if content_type in OFFICE_ZIP_TYPES:
        _refuse_zip_bombs(name, content)
    _refuse_if_infected(name, content)
    return CheckedUpload(
        original_name=name_for_type(name, content_type),
        content_type=content_type,
        content=content,
        storage_name=secrets.token_hex(16),
    )


def _refuse_if_infected(name, content):
    """With clamd configured, a file is scanned before anything is stored; an infected file,
    or one that cannot be scanned, is refused (failing closed)."""
    if not clamav.scanning_enabled():
        return
    try:
        virus = clamav.scan(content)
    except clamav.ScannerUnavailable as exc:
        logger.error("Upload of %s refused, the virus scanner is unavailable: %s", name, exc)
        raise ServiceUnavailable(
            _(
                "%(name)s was not stored: the virus scanner is unavailable. Try again later, "
                "or tell your administrator."
            )
            % {"name": name},
            field="attachments",
        ) from exc
    if virus is not None:
        logger.warning("Upload refused: %s contains %s", name, virus)
        raise ServiceError(
            _("%(name)s contains a virus, so it has not been attached.") % {"name": name},
            field="attachments",
        )


def _clean_name(raw):
    """The uploader's file name without folders, control, bidirectional or zero-width
    characters (which can make "invoice\u202efdp.exe" show as "invoiceexe.pdf")."""
    name = one_line(PurePath(str(raw or "").replace("\\", "/")).name)
    if not name.strip("."):
        return "file"
    return ("file" + name if name.startswith(".") else name)[:255]


def name_for_type(name, content_type):
    """`name` with an extension its detected `content_type` bears out: kept if it already
    has one, replaced (or added) otherwise, so a file is never saved or opened as
    something its content is not."""
    extensions = EXTENSIONS.get(content_type)
    path = PurePath(name)
    if not extensions or path.suffix.lower() in extensions:
        return name
    stem = path.stem if path.suffix else name
    return f"{stem[: 255 - len(extensions[0])]}{extensions[0]}"


def download_name(name, content_type):
    """The name a stored file is served under: clean, with an extension its type bears out
    (files stored before names were checked are served so too)."""
    return name_for_type(_clean_name(name), content_type)


def _refuse_zip_bombs(name, content):
    """An Office file's parts are counted and their unpacked sizes summed (as the archive
    declares them, which is what anything opening it trusts) before anything is stored."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ServiceError(
            _("%(name)s is damaged and cannot be opened.") % {"name": name}, field="attachments"
        ) from exc
    if len(entries) > MAX_OFFICE_ENTRIES:
        raise ServiceError(
            _("%(name)s has more than %(n)s parts, more than any real document.")
            % {"name": name, "n": f"{MAX_OFFICE_ENTRIES:,}"},
            field="attachments",
        )
    if sum(entry.file_size for entry in entries) > MAX_OFFICE_UNPACKED_BYTES:
        raise ServiceError(
            _("%(name)s would unpack to more than %(mb)s MB, so it has not been attached.")
            % {"name": name, "mb": MAX_OFFICE_UNPACKED_BYTES // 2**20},
            field="attachments",
        )


def _content_type(name, content):
    kind = filetype.guess(content)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_BINARY_TYPES else None
    extension = PurePath(name).suffix.lower()
    if extension in TEXT_EXTENSIONS and b"\x00" not in content[:8192]:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT_EXTENSIONS[extension]
    return None
