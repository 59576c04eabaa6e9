"""Automatic mail (auto-replies, lists, mailer daemons) is stored but never answered."""

from __future__ import annotations

from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome

NAME = "automatic"


def run(mail: Inbound) -> Outcome | None:
    if mail.automatic_reason:
        return Outcome(InboundState.AUTOMATIC, mail.automatic_reason)
    return None
