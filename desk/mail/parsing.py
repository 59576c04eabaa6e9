"""Raw bytes → `ParsedMail`, tolerant of real-world damage.

Headers are decoded from the raw items ourselves, so an unknown charset, 8-bit bytes or a broken
encoded-word never raises: the undecoded text is kept instead. Bodies fall back from the
declared charset to UTF-8 with replacement. Nested messages are attachments, not bodies.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses

from desk.mail.errors import UnprocessableError
from desk.outbox.headers import one_line

_MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,900}>")  # printable ASCII only
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:", re.MULTILINE)
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")


@dataclass(frozen=True, slots=True)
class MailAttachment:
    content: bytes
    content_type: str


@dataclass(frozen=True)
class ParsedMail:
    message: Message
    headers: tuple[tuple[str, str], ...]
    text: str
    html: str
    attachments: tuple[MailAttachment, ...]

    def all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def first(self, name: str) -> str:
        values = self.all(name)
        return values[0] if values else ""

    @property
    def message_id(self) -> str:
        found = _MESSAGE_ID.search(self.first("Message-ID"))
        return found.group(0) if found else ""

    @property
    def subject(self) -> str:
        return one_line(self.first("Subject"), limit=998)

    @property
    def recipients(self) -> list[str]:
        values = [v for name in RECIPIENT_HEADERS for v in self.all(name)]
        return [address.lower() for _, address in getaddresses(values) if "@" in address]


def parse_mail(raw: bytes) -> ParsedMail:
    """Raises UnprocessableError when the bytes are not a mail message at all."""
    if not raw.strip() or _HEADER_LINE.match(raw.lstrip()) is None:
        raise UnprocessableError("no_headers")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = tuple((name, decode_value(value)) for name, value in message.raw_items())
    if not headers:
        raise UnprocessableError("no_headers")
    text, html, attachments = _bodies(message)
    return ParsedMail(message, headers, text, html, tuple(attachments))


def decode_value(value: object) -> str:
    """One header value as text; never raises."""
    text = str(value)
    # 8-bit header bytes arrive as surrogate escapes: read them as UTF-8 when possible.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        decoded = str(make_header(decode_header(text)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        decoded = text
    return " ".join(decoded.split())


def _bodies(message: Message) -> tuple[str, str, list[MailAttachment]]:
    text, html, attachments = "", "", []
    for part in _leaf_parts(message):
        kind = part.get_content_type()
        disposition = part.get_content_disposition()
        if kind == "text/plain" and disposition != "attachment" and not text:
            text = part_text(part)
        elif kind == "text/html" and disposition != "attachment" and not html:
            html = part_text(part)
        else:
            content = _part_bytes(part)
            if content:
                attachments.append(MailAttachment(content, kind))
    return text, html, attachments


def _leaf_parts(part: Message) -> Iterator[Message]:
    """Leaves of the MIME tree; a nested message/rfc822 is one leaf (an attachment)."""
    payload = part.get_payload()
    if part.get_content_type() == "message/rfc822" or not isinstance(payload, list):
        yield part
        return
    for child in payload:
        if isinstance(child, Message):
            yield from _leaf_parts(child)


def part_text(part: Message) -> str:
    content = _part_bytes(part)
    charset = part.get_content_charset() or "utf-8"
    try:
        return content.decode(charset, "replace")
    except LookupError:  # unknown charset: the bytes as UTF-8, damaged characters replaced
        return content.decode("utf-8", "replace")


def _part_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        nested = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(nested, Message):
            try:
                return nested.as_bytes(policy=email.policy.compat32)
            except (LookupError, UnicodeError, ValueError, TypeError):
                return str(nested).encode("utf-8", "surrogateescape")
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
