"""Held mail: a message that would act for a customer without proof that the customer sent it.

`hold` (the trust step) stores the decision and mails the customer once, at the account address,
with a link to the portal; `confirm_held_mail` then runs the message through the tickets step as
the customer (opening a request or adding to one, charged only now), `discard_held_mail` drops it.
Both check that the mail is still held and held for this customer, under the row lock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from desk.accounts.models import Department, User
from desk.core import clock
from desk.core.errors import NotFound
from desk.mail.models import InboundMessage, InboundState
from desk.mail.parsing import parse_mail
from desk.mail.pipeline import Inbound, Outcome
from desk.mail.steps import tickets
from desk.outbox import services as outbox
from desk.outbox.models import AutoSubmitted


def held_mail_not_found() -> NotFound:
    return NotFound("held_mail_not_found", _("This message is not waiting for your confirmation."))


def hold(mail: Inbound, *, customer: User, reason: str) -> Outcome:
    record = mail.require_record()
    record.held_for = customer
    record.department = mail.department
    if mail.thread is not None:
        record.ticket = mail.thread
    record.save()  # the pipeline saves state and reason when it finishes
    parsed = mail.require_parsed()
    outbox.enqueue_mail(
        event_key=f"inbound-held:{record.pk}",
        recipient=customer,
        template="inbound_held",
        context={
            "customer_name": customer.display_name,
            "sender": mail.sender,
            "original_subject": parsed.subject or "(no subject)",
            "request_reference": mail.thread.reference if mail.thread else "",
            "confirm_url": settings.SITE_URL.rstrip("/")
            + reverse("mail:held_mail", kwargs={"inbound_id": record.pk}),
        },
        in_reply_to=parsed.message_id,
        auto_submitted=AutoSubmitted.REPLIED,
    )
    return Outcome(InboundState.HELD, reason)


def held_mail_of(customer: User) -> QuerySet[InboundMessage]:
    return InboundMessage.objects.filter(held_for=customer, state=InboundState.HELD).order_by(
        "-created_at", "-id"
    )


def access_held_mail(customer: User, inbound_id: int) -> InboundMessage:
    """The customer's mail still waiting for them; `held_mail_not_found` (404) otherwise."""
    found = held_mail_of(customer).select_related("ticket").filter(pk=inbound_id).first()
    if found is None:
        raise held_mail_not_found()
    return found


def _locked(customer: User, inbound_id: int) -> InboundMessage:
    record = (
        InboundMessage.objects.select_for_update()
        .filter(pk=inbound_id, held_for=customer, state=InboundState.HELD)
        .first()
    )
    if record is None:
        raise held_mail_not_found()
    return record


def confirm_held_mail(*, customer: User, inbound_id: int) -> InboundMessage:
    """The customer vouches for the message: it opens a request or joins its request as theirs.
    Raises `held_mail_not_found`. Refusals of the tickets step (no store, closed request) end
    as `needs_review`, exactly as for mail that needed no confirmation."""
    with transaction.atomic():
        record = _locked(customer, inbound_id)
        mail = Inbound(raw=bytes(record.raw), mailbox=record.mailbox, record=record)
        mail.envelope_recipient = record.envelope_recipient
        mail.parsed = parse_mail(mail.raw)
        mail.sender, mail.customer, mail.department = record.sender, customer, record.department
        ticket = record.ticket
        if ticket is not None and ticket.customer_id == customer.pk:
            mail.ticket, mail.author = ticket, customer
        elif mail.department is None:
            mail.department = Department.objects.get(code=settings.DESK_MAIL_DEFAULT_DEPARTMENT)
        outcome = tickets.run(mail)
        assert outcome is not None  # noqa: S101 - the tickets step always decides
        _decide(record, outcome.state, outcome.reason or "confirmed_by_customer")
    return record


def discard_held_mail(*, customer: User, inbound_id: int) -> InboundMessage:
    with transaction.atomic():
        record = _locked(customer, inbound_id)
        _decide(record, InboundState.DROPPED, "discarded_by_customer")
    return record


def _decide(record: InboundMessage, state: str, reason: str) -> None:
    record.state, record.reason = state, reason[:100]
    record.decided_at = record.processed_at = clock.now()
    record.save()
