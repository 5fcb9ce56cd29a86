"""Reading a raw message into what the pipeline needs. Pure: no database."""

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "Resent-To")
AUTO_PRECEDENCE = {"auto_reply", "bulk", "junk"}
BOUNCE_SENDERS = {"mailer-daemon", "postmaster"}


class MalformedMessage(ValueError):
    """The bytes are not an email message the pipeline can read."""


@dataclass
class MailAttachment:
    """A file carried by a message, not yet checked."""

    name: str
    content: bytes


@dataclass
class ParsedMail:
    """What the pipeline uses of a message; `message` is the full parsed form."""

    message: EmailMessage
    from_name: str
    from_address: str
    recipients: list
    subject: str
    message_id: str
    text: str
    attachments: list = field(default_factory=list)
    auto_reason: str = ""


# Control characters a header or body may carry encoded (=?utf-8?Q?=00?=) but no person
# writes; NUL in particular cannot be stored in PostgreSQL text or JSON at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
BODY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sha256(raw):
    return hashlib.sha256(raw).hexdigest()


def parse_message(raw):
    """Parse bytes into a ParsedMail; raises MalformedMessage when they are not an email."""
    if not raw or not raw.strip():
        raise MalformedMessage("the message is empty")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        keys = [key.lower() for key in message]
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds on bad input
        raise MalformedMessage(f"the message cannot be parsed: {exc}") from exc
    if not {"from", "to", "subject", "message-id", "date", "received"} & set(keys):
        raise MalformedMessage("the message has none of the headers an email has")
    from_name, from_address = _address(header_text(message, "From"))
    body_part, text = _body(message)
    return ParsedMail(
        message=message,
        from_name=from_name,
        from_address=from_address,
        recipients=recipients(message),
        subject=" ".join(header_text(message, "Subject").split())[:300],
        message_id=message_id_of(message),
        text=text,
        attachments=_attachments(message, body_part),
        auto_reason=automatic_reason(message, from_address),
    )


def header_text(message, name):
    """A header as text, or '' when absent or unreadable; control characters become spaces."""
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a broken header reads as absent
        return ""
    return CONTROL_CHARACTERS.sub(" ", str(value or "")).strip()


def message_id_of(message):
    return header_text(message, "Message-ID")[:500]


def _address(value):
    name, address = parseaddr(value)
    address = address.strip().lower()
    if "@" not in address:
        return name.strip(), ""
    return name.strip(), address[:320]


def recipients(message):
    values = []
    for name in RECIPIENT_HEADERS:
        try:
            values.extend(str(v) for v in message.get_all(name) or [])
        except Exception:  # noqa: BLE001, S112 - skip a header that cannot be read
            continue
    return [addr.strip().lower() for _n, addr in getaddresses(values) if "@" in addr]


def automatic_reason(message, from_address=""):
    """Why a message is an automatic reply or a bounce, or '' if a person sent it."""
    auto_submitted = header_text(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if header_text(message, name):
            return f"{name} header"
    precedence = header_text(message, "Precedence").lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    if header_text(message, "Return-Path").replace(" ", "") == "<>":
        return "null return path"
    if message.get_content_type() == "multipart/report":
        return f"delivery report ({message.get_param('report-type') or 'unknown'})"
    if from_address.partition("@")[0] in BOUNCE_SENDERS:
        return f"bounce from {from_address}"
    return ""


def part_text(part):
    """The text of a part, however its charset is declared."""
    try:
        return part.get_content()
    except Exception:  # noqa: BLE001 - unknown or lying charsets
        payload = part.get_payload(decode=True) or b""
        return payload.decode("latin-1", errors="replace")


def _body(message):
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001
        part = None
    if part is None:
        return None, ""
    text = part_text(part)
    if not isinstance(text, str):
        return part, ""
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    text = BODY_CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n"))
    return part, text.strip()


def _attachments(message, body_part):
    found = []
    for index, part in enumerate(message.walk()):
        if part is message or part is body_part or part.is_multipart():
            continue
        if part.get_content_maintype() == "message":
            continue  # its parts are walked in turn
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment":
            continue
        content = part.get_payload(decode=True) or b""
        name = re.sub(r"[\\/\x00-\x1f]", "_", filename or f"attachment-{index}")
        found.append(MailAttachment(name=name[:255], content=content))
    return found


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def html_to_text(html):
    """Readable text from an HTML-only message, one paragraph a line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.out).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
