"""Changes to what a request shows: its subject, and the customer's email and store URL that
every request of theirs carries. Each keeps the search index in step in the same transaction
(`desk.tickets.text_search`): the index holds these words in every document of the request."""

from __future__ import annotations

from django.db import transaction

from desk.accounts import services as account_services
from desk.accounts.models import User
from desk.core import clock
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets import checks, errors, text_search
from desk.tickets.events import record_event
from desk.tickets.models import EventKind, Ticket
from desk.tickets.services._steps import _changing, _check_not_closed, _save
from desk.tickets.services.workflow import _is_staff


def change_subject(*, ticket: Ticket, actor: User, subject: str) -> Ticket:
    """Staff retitle a request; the history keeps the old subject, the index the new one.

    Raises `invalid_subject`, `action_not_allowed`, `ticket_closed`.
    """
    cleaned = checks.check_subject(subject)
    if not _is_staff(actor):
        raise errors.action_not_allowed()
    with _changing(ticket):
        _check_not_closed(ticket)
        before = ticket.subject
        if before == cleaned:
            return ticket
        ticket.subject = cleaned
        _save(ticket, ["subject"], clock.now())
        record_event(
            ticket,
            EventKind.SUBJECT,
            actor=actor,
            from_value=before,
            to_value=cleaned,
            data={"before": before},
        )
        text_search.index_request(ticket)
    return ticket


def change_customer_email(*, customer: User, email: str) -> User:
    """A customer's new address, and every request of theirs re-indexed with it.

    Raises `invalid_email`, `email_taken`.
    """
    with transaction.atomic():
        before = customer.email
        account_services.change_email(user=customer, email=email)
        if customer.email != before:
            text_search.index_customer_requests(customer.pk)
    return customer


def change_store_url(*, store: Store, url: str) -> Store:
    """A store's new address, and every request about it re-indexed with it.

    Raises `invalid_store_url`, `store_already_added`, `store_taken`.
    """
    with transaction.atomic():
        before = store.canonical_url
        store_services.change_store_url(store=store, url=url)
        if store.canonical_url != before:
            text_search.index_store_requests(store.pk)
    return store
