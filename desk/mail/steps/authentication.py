"""Sender authentication: does the message prove its From domain (DKIM, or our MTA's
Authentication-Results)? Only records the answer; the `trust` step decides what it allows."""

from __future__ import annotations

from desk.mail.authentication import authenticated_domain
from desk.mail.pipeline import Inbound, Outcome

NAME = "authentication"


def run(mail: Inbound) -> Outcome | None:
    if mail.sender:
        mail.authenticated_domain = authenticated_domain(
            raw=mail.raw, parsed=mail.require_parsed(), sender=mail.sender
        )
        mail.require_record().authenticated_by = mail.authenticated_domain
    return None
