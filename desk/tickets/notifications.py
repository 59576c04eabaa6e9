"""Mail about requests, written in the transaction of the change (desk.outbox delivers it)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from desk.accounts.models import Department, User
from desk.core.formatting import format_moment, format_time_zone
from desk.outbox.services import enqueue_mail
from desk.tickets import visitor_links
from desk.tickets.models import Message, Status, Ticket

# Status changes a customer hears about by mail (PRODUCT.md §3: "email replies").
CUSTOMER_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})


def _ticket_url(ticket: Ticket) -> str:
    # A visitor (no account: desk.accounts.services.visitor_for_email) cannot sign in: their
    # mail carries a fresh signed follow-up link instead.
    if ticket.is_department_request and not ticket.customer.is_active:
        return visitor_links.visitor_url(ticket)
    return settings.SITE_URL.rstrip("/") + reverse("portal:ticket", args=[ticket.pk])


def ticket_context(ticket: Ticket) -> dict[str, str]:
    """What every mail about a request names: reference, subject, customer, link."""
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "customer_name": ticket.customer.display_name,
        "ticket_url": _ticket_url(ticket),
    }


def notify_opened(ticket: Ticket) -> None:
    """Call inside the transaction that opened a request from the portal: the receipt its page
    promises ("we will reply here and by email"), with the guaranteed reply time in the
    customer's language and zone."""
    customer = ticket.customer
    guarantee = ""
    if ticket.reply_due_at is not None:
        when = format_moment(
            ticket.reply_due_at, language=customer.language, zone=customer.time_zone or "UTC"
        )
        zone = format_time_zone(customer.time_zone or "UTC", language=customer.language)
        guarantee = f"{when} ({zone})"
    enqueue_mail(
        event_key=f"ticket-opened:{ticket.pk}",
        recipient=customer,
        template="ticket_opened",
        context={**ticket_context(ticket), "guarantee": guarantee},
        thread_ref=f"req-{ticket.pk}",
        reply_ticket_id=ticket.pk,
        new_event=True,  # the request was opened in this transaction
    )


def notify_contact_sign_in(account: User, department: Department, *, at: datetime) -> None:
    """Someone wrote to `department` from the contact form with the address of `account`: its
    owner is asked to sign in and write from the account (at most one such mail a day)."""
    enqueue_mail(
        event_key=f"contact-sign-in:{account.pk}:{at.date().isoformat()}",
        recipient=account,
        template="contact_sign_in",
        context={
            "department": department.localized_name(account.language),
            "contact_url": settings.SITE_URL.rstrip("/") + reverse("portal:contact_write"),
        },
    )


def notify_reply(ticket: Ticket, message: Message) -> None:
    """Call inside the transaction that stored the engineer's public reply."""
    enqueue_mail(
        event_key=f"ticket-reply:{message.pk}",
        recipient=ticket.customer,
        template="ticket_reply",
        context={
            **ticket_context(ticket),
            "body": message.body,
            "engineer_name": message.author.display_name,
        },
        thread_ref=f"req-{ticket.pk}",
        reply_ticket_id=ticket.pk,
        new_event=True,  # the reply was stored in this transaction
    )


def notify_bug_linked(ticket: Ticket, *, event_id: int) -> None:
    """Call inside the transaction that linked the request to a bug (event `event_id`): what
    the request page says, by mail: a product bug, tracked at the link, fixed in a release."""
    enqueue_mail(
        event_key=f"ticket-bug:{event_id}",
        recipient=ticket.customer,
        template="ticket_bug",
        context={**ticket_context(ticket), "bug_url": ticket.bug_url},
        thread_ref=f"req-{ticket.pk}",
        reply_ticket_id=ticket.pk,
    )


def notify_status(ticket: Ticket, *, event_id: int, status: str, actor_id: int | None) -> None:
    """Call inside the transaction that recorded the status event `event_id`. Customers are
    not told about their own changes."""
    if status not in CUSTOMER_STATUSES or actor_id == ticket.customer_id:
        return
    enqueue_mail(
        event_key=f"ticket-status:{event_id}",
        recipient=ticket.customer,
        template="ticket_status",
        context={**ticket_context(ticket), "status": status, "bug_url": ticket.bug_url},
        thread_ref=f"req-{ticket.pk}",
        reply_ticket_id=ticket.pk,
    )
