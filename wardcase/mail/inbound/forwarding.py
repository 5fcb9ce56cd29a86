"""Pulling a constituent's name, email and address out of a forwarded email. Pure."""

import re
from dataclasses import dataclass
from email.utils import parseaddr

from wardcase.mail.inbound.parsing import ParsedMail, _body, header_text

FORWARD_PREFIX = re.compile(r"^\s*((fwd?|fw|tr|wg|rv)\s*:\s*)+", re.IGNORECASE)
HEADER_LINE = re.compile(r"^\s*\*?(from|sent|date|to|cc|subject)\s*:\*?\s*(.*)$", re.IGNORECASE)
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")
SIGN_OFFS = re.compile(r"^(regards|kind regards|thanks|thank you|yours|best|many thanks)\b", re.I)


@dataclass
class Forwarded:
    """What a forwarded email says about the constituent who first wrote it."""

    name: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    subject: str = ""
    body: str = ""


def forwarded_details(parsed: ParsedMail):
    """The original sender and text: from an attached message, or from the quoted headers."""
    details = _from_attached(parsed) or _from_inline(parsed)
    if not details.subject:
        details.subject = FORWARD_PREFIX.sub("", parsed.subject).strip()
    details.address, details.postcode = address_in(details.body, details.name)
    return details


def _from_attached(parsed):
    for part in parsed.message.walk():
        if part.get_content_type() != "message/rfc822":
            continue
        inner = part.get_payload()[0] if part.is_multipart() else part.get_content()
        name, email = parseaddr(header_text(inner, "From"))
        _part, body = _body(inner)
        return Forwarded(
            name=name.strip(),
            email=email.lower() if "@" in email else "",
            subject=FORWARD_PREFIX.sub("", header_text(inner, "Subject")).strip(),
            body=body,
        )
    return None


def _from_inline(parsed):
    lines = parsed.text.splitlines()
    for index, line in enumerate(lines):
        match = HEADER_LINE.match(line)
        if not match or match.group(1).lower() != "from":
            continue
        headers, end = _header_block(lines, index)
        name, email = _person(headers.get("from", ""))
        return Forwarded(
            name=name,
            email=email,
            subject=FORWARD_PREFIX.sub("", headers.get("subject", "")).strip(),
            body="\n".join(lines[end:]).strip(),
        )
    return Forwarded(body=parsed.text)


def _header_block(lines, start):
    headers, index = {}, start
    while index < len(lines):
        match = HEADER_LINE.match(lines[index])
        if not match:
            break
        headers.setdefault(match.group(1).lower(), match.group(2).strip())
        index += 1
    return headers, index


def _person(value):
    """'Ada Resident <ada@example.org>' or Outlook's 'Ada Resident [mailto:ada@example.org]'."""
    match = EMAIL.search(value)
    email = match.group(0).lower() if match else ""
    name = re.split(r"[<\[]", value)[0].strip().strip("\"'")
    if name == email:
        name = ""
    return name, email


def address_in(text, name=""):
    """The postal address around the first UK postcode in the text, and the postcode."""
    lines = [line.strip(" ,>") for line in (text or "").splitlines()]
    for index, line in enumerate(lines):
        match = POSTCODE.search(line)
        if not match:
            continue
        postcode = f"{match.group(1)} {match.group(2)}".upper()
        before = line[: match.start()].strip(" ,")
        parts = [before] if before else []
        cursor = index - 1
        while cursor >= 0 and len(parts) < 4 and _looks_like_address_line(lines[cursor], name):
            parts.insert(0, lines[cursor].strip(" ,"))
            cursor -= 1
        return ", ".join(parts), postcode
    return "", ""


def _looks_like_address_line(line, name):
    return (
        bool(line)
        and len(line) <= 60
        and line[-1] not in ".?!:"
        and not SIGN_OFFS.match(line)
        and line.lower() != (name or "").lower()
        and "@" not in line
    )
