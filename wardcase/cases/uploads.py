"""Checking uploaded files by their content, not by their name, before anything is stored."""

import logging
import secrets
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from wardcase.core import clamav
from wardcase.core.errors import ServiceError, ServiceUnavailable

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


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content has been checked, ready to store under a generated name."""

    original_name: str
    content_type: str
    content: bytes
    storage_name: str


def check_uploads(files):
    """Check every file; raise ServiceError naming the first bad one. Reads each file once."""
    files = [f for f in files if f]
    limit = settings.WARDCASE_MAX_UPLOADS_PER_REQUEST
    if len(files) > limit:
        raise ServiceError(
            _("You can attach up to %(limit)s files at a time.") % {"limit": limit},
            field="attachments",
        )
    return [_check_one(f) for f in files]


def _check_one(upload):
    name = PurePath(upload.name or "file").name[:255] or "file"
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
    _refuse_if_infected(name, content)
    return CheckedUpload(
        original_name=name,
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
