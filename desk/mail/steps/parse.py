"""Parse the raw bytes; bytes that are no mail message raise UnprocessableError (→ spool)."""

from __future__ import annotations

from desk.mail.parsing import parse_mail
from desk.mail.pipeline import Inbound, Outcome

NAME = "parse"


def run(mail: Inbound) -> Outcome | None:
    mail.parsed = parse_mail(mail.raw)
    return None
