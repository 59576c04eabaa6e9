"""Quotes on requests (PRODUCT.md §6): an engineer prices work outside the service scope, the
customer accepts (and pays through checkout) or declines, the engineer may withdraw it.

Every step is one transaction with its request event; the quote rows, orders and payment are
billing's (`desk.billing.quotes`). Payment is the one step recorded below tickets: fulfilment
(`desk.entitlements.services.fulfil_order`) marks the quote paid and may not import tickets, so
the request pages read the quote's status instead of a "quote paid" event.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from desk.accounts.models import Engineer, User
from desk.billing import quotes as billing_quotes
from desk.billing.models import Order, Quote, QuoteStatus
from desk.outbox.services import enqueue_mail
from desk.tickets import errors, services
from desk.tickets.events import record_event
from desk.tickets.models import EventKind, Status, Ticket


def offer_quote(
    *, ticket: Ticket, engineer: Engineer, description: str, amount: Decimal, reason: str = ""
) -> Quote:
    """Offer the customer a price for out-of-scope work and mail them about it.

    A request not ruled out of scope yet is ruled so now, with `reason`, in the same transaction.
    Raises `invalid_quote_amount`, `invalid_quote_description`, `quote_needs_out_of_scope`,
    `quote_already_open` (409), `ticket_closed` (409), `engineer_inactive`, `invalid_reason`.
    """
    description = billing_quotes.check_description(description)
    amount = billing_quotes.check_amount(amount)
    if not (engineer.is_active and engineer.user.is_active):
        raise errors.engineer_inactive()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
        if locked.status == Status.CLOSED:
            raise errors.ticket_closed()
        if locked.bug_url:  # a product bug is fixed in a release at no charge
            raise errors.ticket_is_bug()
        if not locked.out_of_scope:
            if not reason.strip():
                raise errors.quote_needs_out_of_scope()
            services.rule_out_of_scope(ticket=locked, engineer=engineer, reason=reason)
        quote = billing_quotes.create_quote(
            ticket_id=locked.pk,
            customer=locked.customer,
            created_by=engineer.user,
            description=description,
            amount=amount,
        )
        _record(locked, EventKind.QUOTE_OFFERED, quote, actor=engineer.user)
        _notify_quote_offered(locked, quote)
    ticket.refresh_from_db()
    return quote


def accept_quote(*, quote_id: int, customer: User, provider: str = "offline") -> Order:
    """The customer accepts their quote: its order is placed, awaiting payment. The caller then
    starts the checkout (`desk.billing.services.start_checkout`), as when buying a plan.

    Accepting again while the order awaits payment gives the same order back. Raises
    `quote_not_found` (404, also for someone else's), `quote_not_open` (409), `unknown_provider`.
    """
    with transaction.atomic():
        quote = billing_quotes.lock_quote(quote_id=quote_id, customer=customer)
        order, created = billing_quotes.accept_quote(quote=quote, provider=provider)
        if created:
            ticket = Ticket.objects.get(pk=quote.ticket_id)
            _record(ticket, EventKind.QUOTE_ACCEPTED, quote, actor=customer)
    return order


def decline_quote(*, quote_id: int, customer: User) -> Quote:
    """The customer turns their quote down (an accepted one's unpaid order is cancelled).
    Raises `quote_not_found` (404), `quote_not_open` (409)."""
    with transaction.atomic():
        quote = billing_quotes.lock_quote(quote_id=quote_id, customer=customer)
        billing_quotes.close_quote(quote=quote, status=QuoteStatus.DECLINED)
        ticket = Ticket.objects.get(pk=quote.ticket_id)
        _record(ticket, EventKind.QUOTE_DECLINED, quote, actor=customer)
    return quote


def withdraw_quote(*, quote_id: int, engineer: Engineer) -> Quote:
    """An engineer takes an open quote back (an accepted one's unpaid order is cancelled).
    Raises `quote_not_found` (404), `quote_not_open` (409), `engineer_inactive`."""
    if not (engineer.is_active and engineer.user.is_active):
        raise errors.engineer_inactive()
    with transaction.atomic():
        quote = billing_quotes.lock_quote(quote_id=quote_id)
        billing_quotes.close_quote(quote=quote, status=QuoteStatus.WITHDRAWN)
        ticket = Ticket.objects.get(pk=quote.ticket_id)
        _record(ticket, EventKind.QUOTE_WITHDRAWN, quote, actor=engineer.user)
    return quote


def _record(ticket: Ticket, kind: EventKind, quote: Quote, *, actor: User) -> None:
    record_event(
        ticket,
        kind,
        actor=actor,
        to_value=str(quote.money),
        data={"quote_id": quote.pk, "quote": quote.number, "amount": str(quote.amount)},
    )


def _notify_quote_offered(ticket: Ticket, quote: Quote) -> None:
    customer = ticket.customer
    path = reverse("portal:ticket", args=[ticket.pk])
    enqueue_mail(
        event_key=f"quote-offered:{quote.pk}",
        recipient=customer,
        template="quote_offered",
        context={
            "customer_name": customer.display_name,
            "reference": ticket.reference,
            "subject": ticket.subject,
            "quote_number": quote.number,
            "amount": str(quote.money),
            "description": quote.description,
            "ticket_url": settings.SITE_URL.rstrip("/") + path,
        },
        thread_ref=f"req-{ticket.pk}",
        reply_ticket_id=ticket.pk,
    )
