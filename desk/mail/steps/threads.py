"""Threading: a valid reply token wins; thread headers alone attach only when the sender is the
request's customer (else review); anything else is a new request."""

from __future__ import annotations

import re

from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome
from desk.outbox.headers import our_ids
from desk.outbox.models import OutboxMail
from desk.outbox.reply_tokens import ReplyToken, read_reply_address
from desk.tickets.models import Ticket

NAME = "threads"
_THREAD_REF = re.compile(r"^req-(\d{1,18})$")


def run(mail: Inbound) -> Outcome | None:
    parsed = mail.require_parsed()
    token = _token([mail.envelope_recipient, *parsed.recipients])
    if token is not None:
        return _by_token(mail, token)
    ticket = _by_headers(" ".join(parsed.all("In-Reply-To") + parsed.all("References")))
    if ticket is None:
        return None
    mail.require_record().ticket = ticket
    if mail.customer is None or mail.customer.pk != ticket.customer_id:
        return Outcome(InboundState.NEEDS_REVIEW, "thread_sender_mismatch")
    mail.ticket, mail.author = ticket, mail.customer
    return None


def _token(addresses: list[str]) -> ReplyToken | None:
    for address in addresses:
        token = read_reply_address(address) if address else None
        if token is not None:
            return token
    return None


def _by_token(mail: Inbound, token: ReplyToken) -> Outcome | None:
    ticket = Ticket.objects.select_related("customer").filter(pk=token.ticket_id).first()
    if ticket is None:
        return Outcome(InboundState.NEEDS_REVIEW, "token_ticket_missing")
    mail.require_record().ticket = ticket
    if token.user_id != ticket.customer_id:
        return Outcome(InboundState.NEEDS_REVIEW, "token_not_customer")
    mail.ticket, mail.author = ticket, ticket.customer
    return None


def _by_headers(value: str) -> Ticket | None:
    refs = set()
    for local in our_ids(value):
        match = _THREAD_REF.match(local)
        if match:
            refs.add(f"req-{match[1]}")
    outbox_ids = [f"<{local}@" for local in our_ids(value) if local.startswith("mail.")]
    for prefix in outbox_ids:
        ref = (
            OutboxMail.objects.filter(message_id__startswith=prefix)
            .values_list("thread_ref", flat=True)
            .first()
        )
        if ref:
            refs.add(ref)
    ids = [int(match[1]) for ref in refs if (match := _THREAD_REF.match(ref))]
    if len(ids) != 1:  # none, or references to two requests: not a thread we can trust
        return None
    return Ticket.objects.select_related("customer").filter(pk=ids[0]).first()
