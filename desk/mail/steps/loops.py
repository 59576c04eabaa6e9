"""Loops: our own notification coming back is dropped; other automatic mail is marked."""

from __future__ import annotations

from email.utils import getaddresses

from django.conf import settings

from desk.accounts.models import Department
from desk.mail.detection import automatic_reason, is_own_notification
from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome

NAME = "loops"


def run(mail: Inbound) -> Outcome | None:
    parsed = mail.require_parsed()
    if is_own_notification(parsed):
        return Outcome(InboundState.DROPPED, "own_notification")
    senders = {address.lower() for _, address in getaddresses(parsed.all("From"))}
    if senders and senders <= _our_addresses():
        return Outcome(InboundState.DROPPED, "from_ourselves")
    mail.automatic_reason = automatic_reason(parsed)
    return None


def _our_addresses() -> set[str]:
    ours = {address.lower() for _, address in getaddresses([settings.DEFAULT_FROM_EMAIL])}
    return ours | {email.lower() for email in Department.objects.values_list("email", flat=True)}
