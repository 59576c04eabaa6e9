"""Sender identity: exactly one From header holding exactly one plain address, and no other
address hidden in it (`"alice@example.org" <bob@example.com>`); else quarantine."""

from __future__ import annotations

import re
from email.utils import getaddresses

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from desk.accounts.models import User
from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome

NAME = "identity"
_ADDRESS_LIKE = re.compile(r"[^\s<>()\"',;:@]+@[^\s<>()\"',;:@]+")


def sender_address(values: list[str]) -> str | None:
    """The one address of a single From value; None when absent, several or ambiguous."""
    if len(values) != 1:
        return None
    found = [address for _, address in getaddresses(values) if address]
    if len(found) != 1:
        return None
    address = found[0].strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        return None
    mentioned = {candidate.lower().rstrip(".") for candidate in _ADDRESS_LIKE.findall(values[0])}
    return address if mentioned == {address} else None


def run(mail: Inbound) -> Outcome | None:
    values = mail.require_parsed().all("From")
    if not values:
        return Outcome(InboundState.QUARANTINED, "no_sender")
    address = sender_address(values)
    if address is None:
        reason = "several_from_headers" if len(values) > 1 else "ambiguous_sender"
        return Outcome(InboundState.QUARANTINED, reason)
    mail.sender = address
    mail.require_record().sender = address
    mail.customer = User.objects.filter(email__iexact=address, is_active=True).first()
    return None
