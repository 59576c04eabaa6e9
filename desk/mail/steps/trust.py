"""Who may act through this message (issue 10 point 1, issue 14 "Ticket Trick").

- A reply through a request's reply token from the request's customer's address continues it.
- Any other continuation needs the customer's address *and* an authenticated From domain.
- A reply from an address that is not a participant of the request (a third party writing to a
  leaked reply address, a forwarded thread) is held for the request's customer to confirm.
- New mail from a known customer opens a request only when the From domain is authenticated;
  otherwise it is held for that customer.
Held mail changes nothing: no credit spent, nothing appended; the customer gets one email with a
link to confirm or discard it in the portal (`desk.mail.held`). Unknown senders go on to the
tickets step (pointer or review), which never acts for a customer.
"""

from __future__ import annotations

from desk.mail import held
from desk.mail.pipeline import Inbound, Outcome

NAME = "trust"
TOKEN = "reply-token"  # noqa: S105 - a label, not a secret


def run(mail: Inbound) -> Outcome | None:
    ticket = mail.thread
    if ticket is not None:
        if mail.sender != ticket.customer.email.lower():
            return held.hold(mail, customer=ticket.customer, reason="not_participant")
        if mail.thread_by_token:
            mail.require_record().authenticated_by = mail.authenticated_domain or TOKEN
        elif not mail.authenticated_domain:
            return held.hold(mail, customer=ticket.customer, reason="unauthenticated")
        mail.ticket, mail.author = ticket, ticket.customer
        return None
    if mail.customer is not None and not mail.authenticated_domain:
        return held.hold(mail, customer=mail.customer, reason="unauthenticated")
    return None
