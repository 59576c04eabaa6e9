"""The inbound pipeline: an ordered list of small steps over one `Inbound` message.

Each step looks at the message, may enrich it, and either lets it continue (returns None) or
decides where it ends (returns an `Outcome`). The registry is `desk.mail.steps.STEPS`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from desk.accounts.models import Department, User
from desk.mail.models import InboundMessage
from desk.mail.parsing import ParsedMail
from desk.tickets.models import Ticket


@dataclass
class Inbound:
    raw: bytes
    mailbox: str
    envelope_recipient: str = ""
    parsed: ParsedMail | None = None
    record: InboundMessage | None = None
    automatic_reason: str = ""
    sender: str = ""
    authenticated_domain: str = ""
    customer: User | None = None
    # The request the message continues (threads step) and whether a reply token proved it.
    thread: Ticket | None = None
    thread_by_token: bool = False
    # Set by the trust step once the sender may act: the request to add to and its author.
    ticket: Ticket | None = None
    author: User | None = None
    department: Department | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def require_parsed(self) -> ParsedMail:
        if self.parsed is None:
            raise RuntimeError("the parse step must run before this step")
        return self.parsed

    def require_record(self) -> InboundMessage:
        if self.record is None:
            raise RuntimeError("the dedupe step must run before this step")
        return self.record


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where the message ended: an InboundState value (or "spooled"/"duplicate") and why."""

    state: str
    reason: str = ""


SPOOLED = "spooled"
DUPLICATE = "duplicate"


@runtime_checkable
class Step(Protocol):
    """A step module: `NAME` and `run(mail)`; None means "go on to the next step"."""

    NAME: str

    def run(self, mail: Inbound) -> Outcome | None: ...
