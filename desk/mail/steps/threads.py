"""Threading: which request does a message continue? Only proofs we issued count:
- a valid reply token (`reply+<ticket>.<user>.<hmac>@…`) in the envelope recipient or To/Cc;
- In-Reply-To/References naming a Message-ID we sent (random, looked up in the outbox) or the
  request's thread root id (`<req-N.<hmac>@…>`, verified). A bare `<req-N@…>` threads nothing.
Who may continue it is the `trust` step's business."""

from __future__ import annotations

from email.utils import getaddresses

from desk.mail.models import InboundState
from desk.mail.pipeline import Inbound, Outcome
from desk.outbox.headers import our_ids, read_thread_local
from desk.outbox.models import OutboxMail
from desk.outbox.reply_tokens import ReplyToken, read_reply_address
from desk.tickets.models import Ticket

NAME = "threads"
_THREAD_REF_PREFIX = "req-"
_TOKEN_HEADERS = ("To", "Cc")


def run(mail: Inbound) -> Outcome | None:
    parsed = mail.require_parsed()
    headed = [
        a.lower() for _, a in getaddresses([v for h in _TOKEN_HEADERS for v in parsed.all(h)])
    ]
    token = _token([mail.envelope_recipient, *headed])
    if token is not None:
        return _by_token(mail, token)
    ticket = _by_headers(" ".join(parsed.all("In-Reply-To") + parsed.all("References")))
    if ticket is not None:
        mail.require_record().ticket = ticket
        mail.thread, mail.thread_by_token = ticket, False
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
    mail.thread, mail.thread_by_token = ticket, True
    return None


def _by_headers(value: str) -> Ticket | None:
    locals_ = our_ids(value)
    refs = {ref for local in locals_ if (ref := read_thread_local(local))}
    sent_ids = [f"<{local}@" for local in locals_ if local.startswith("mail.")][:20]
    for prefix in sent_ids:
        ref = (
            OutboxMail.objects.filter(message_id__startswith=prefix)
            .values_list("thread_ref", flat=True)
            .first()
        )
        if ref:
            refs.add(ref)
    ids = {ref.removeprefix(_THREAD_REF_PREFIX) for ref in refs}
    if len(ids) != 1:  # none, or references to two requests: not a thread we can trust
        return None
    number = ids.pop()
    return (
        Ticket.objects.select_related("customer").filter(pk=int(number)).first()
        if number.isdigit()
        else None
    )
