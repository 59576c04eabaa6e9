"""The IMAP poller: fetch unseen messages of a configured mailbox, store each through
`receive_mail`, and mark it seen only after that commit. A crash in between leaves the message
unseen; the next poll fetches it again and the dedupe step stores it once.

Mailboxes are URLs in DESK_MAIL_IMAP_MAILBOXES: `imaps://user:password@host:993/INBOX` (or
`imap://` without TLS, for tests only); the password is percent-encoded.
"""

from __future__ import annotations

import imaplib
import logging
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from desk.mail.errors import TemporaryFailure
from desk.mail.services import receive_mail

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MailboxConfig:
    name: str
    host: str
    port: int
    user: str
    password: str
    folder: str
    use_ssl: bool


def read_mailbox_url(url: str) -> MailboxConfig:
    parts = urlsplit(url)
    if parts.scheme not in {"imap", "imaps"} or not parts.hostname:
        raise ValueError("an IMAP mailbox URL is imaps://user:password@host:port/FOLDER")
    use_ssl = parts.scheme == "imaps"
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    user = unquote(parts.username or "")
    return MailboxConfig(
        name=f"imap:{user}@{parts.hostname}/{folder}"[:100],
        host=parts.hostname,
        port=parts.port or (993 if use_ssl else 143),
        user=user,
        password=unquote(parts.password or ""),
        folder=folder,
        use_ssl=use_ssl,
    )


def _connect(config: MailboxConfig) -> imaplib.IMAP4:
    if config.use_ssl:
        return imaplib.IMAP4_SSL(config.host, config.port, timeout=30)
    return imaplib.IMAP4(config.host, config.port, timeout=30)


def poll_mailbox(config: MailboxConfig) -> int:
    """Process unseen messages; returns how many were stored (or deliberately dropped)."""
    client = _connect(config)
    try:
        client.login(config.user, config.password)
        client.select(config.folder)
        _, found = client.uid("SEARCH", "UNSEEN")
        uids = found[0].split() if found and found[0] else []
        done = 0
        for uid in uids:
            _, fetched = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if raw is None:
                continue
            try:
                receive_mail(raw=raw, mailbox=config.name)
            except TemporaryFailure:
                logger.warning("IMAP poll of %s stopped: temporary failure", config.name)
                break
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")  # only after the commit above
            done += 1
        return done
    finally:
        try:
            client.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("IMAP logout from %s failed", config.name)
