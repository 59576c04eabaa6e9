"""A small world of two customers and an engineer for the access and bad-input tests.

Built through services and the shared builders/factories, like real data. Alice's data carries
unmistakable markers, so a test can prove that none of her bytes reach anyone else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from desk.accounts.models import Engineer, User
from desk.billing import services as billing_services
from desk.billing.models import Invoice, Order, Quote
from desk.billing.tests.factories import pending_order
from desk.entitlements.models import CreditBalance, CreditEntry, Subscription, UsageRecord
from desk.entitlements.tests.factories import paid_order
from desk.mail.models import InboundMessage
from desk.mail.services import receive_mail
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets import quotes as ticket_quotes
from desk.tickets import services as ticket_services
from desk.tickets.models import (
    Attachment,
    Message,
    ServerAccess,
    ServerAccessView,
    Ticket,
    TicketEvent,
)
from desk.tickets.tests.builders import open_request, upload

# Markers of Alice's private data: distinct from anything the pages print on their own, and
# without characters HTML or JSON would escape, so they can be searched in any answer.
ALICE_EMAIL = "alice@example.com"
ALICE_STORE_URL = "alpha-secret-shop.example"
ALICE_SUBJECT = "Zebracorn checkout breaks on coupon QX7"
ALICE_BODY = "The coupon box eats marker PUBLIC-MSG-8c1d and then the page stays blank."
ALICE_NOTE = "INTERNAL-NOTE-41f9: her theme overrides core files"
ALICE_FILE = b"ATTACHMENT-BYTES-public-5e2a"
ALICE_NOTE_FILE = b"ATTACHMENT-BYTES-note-77b0"
ALICE_QUOTE = "QUOTE-WORK-9d3e: move the zebracorn catalogue"
BOB_STORE_URL = "bob-shop.example"
BOB_SUBJECT = "Bob cannot change his shipping zones"

PERSONAS = ("anonymous", "alice", "bob", "engineer")


@dataclass(frozen=True)
class World:
    alice: User
    bob: User
    engineer: Engineer
    alice_store: Store
    alice_subscription: Subscription
    alice_paid_order: Order  # the subscription's order
    alice_order: Order  # pending, with its invoice issued: the bank transfer reference
    alice_invoice_number: str
    alice_ticket: Ticket
    alice_attachment: Attachment  # on her public message
    alice_note_attachment: Attachment  # on the engineer's internal note
    alice_quote: Quote  # offered on a second request of hers, ruled out of scope
    alice_held_mail: InboundMessage  # unauthenticated mail "from" her, waiting for her
    bob_store: Store
    bob_ticket: Ticket

    def user(self, persona: str) -> User | None:
        return {
            "anonymous": None,
            "alice": self.alice,
            "bob": self.bob,
            "engineer": self.engineer.user,
        }[persona]

    def alice_secrets(self) -> dict[str, bytes]:
        """Everything of Alice's nobody else may receive, by name (for readable failures)."""
        return {
            "email": ALICE_EMAIL.encode(),
            "store URL": ALICE_STORE_URL.encode(),
            "subject": ALICE_SUBJECT.encode(),
            "message body": ALICE_BODY.encode(),
            "invoice number": self.alice_invoice_number.encode(),
            "quote description": ALICE_QUOTE.encode(),
            "attachment bytes": ALICE_FILE,
            **self.internal_secrets(),
        }

    @staticmethod
    def internal_secrets() -> dict[str, bytes]:
        """What only engineers may receive, Alice included."""
        return {"internal note": ALICE_NOTE.encode(), "note attachment bytes": ALICE_NOTE_FILE}


@contextmanager
def rolled_back() -> Iterator[None]:
    """Undo whatever happens inside (a wrongly accepted action, a persona's successful POST), so
    that the next case meets the same world. Also recovers the connection after a database error
    (PostgreSQL refuses every statement in an aborted transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _alice_side(alice: User, engineer: Engineer) -> dict[str, object]:
    store = store_services.add_store(customer=alice, url=f"https://www.{ALICE_STORE_URL}/")
    paid = paid_order(alice, "subscription-1m", store=store)
    subscription = Subscription.objects.get(store=store)
    order = pending_order(alice, "incident-normal")
    billing_services.start_checkout(order=order)  # offline provider: issues the invoice
    order.refresh_from_db()
    ticket = open_request(
        alice,
        store,
        subject=ALICE_SUBJECT,
        body=ALICE_BODY,
        attachments=[upload("coupon.txt", ALICE_FILE, "text/plain")],
    )
    note = ticket_services.add_note(
        ticket=ticket,
        engineer=engineer,
        body=ALICE_NOTE,
        attachments=[upload("theme.txt", ALICE_NOTE_FILE, "text/plain")],
    )
    return {
        "alice_store": store,
        "alice_subscription": subscription,
        "alice_paid_order": paid,
        "alice_order": order,
        "alice_invoice_number": order.invoice.number,
        "alice_ticket": ticket,
        "alice_attachment": Attachment.objects.get(
            message__ticket=ticket, message__kind="customer"
        ),
        "alice_note_attachment": Attachment.objects.get(message=note),
        "alice_quote": _alice_quote(alice, store, engineer),
        "alice_held_mail": _alice_held_mail(),
    }


def _alice_held_mail() -> InboundMessage:
    raw = (
        f"From: {ALICE_EMAIL}\r\nTo: support@supportdesk.example\r\nSubject: {ALICE_SUBJECT}\r\n"
        f"Message-ID: <held.1@example.com>\r\n\r\n{ALICE_BODY}\r\n"
    ).encode()
    receipt = receive_mail(raw=raw, mailbox="pipe")
    return InboundMessage.objects.get(id=receipt.inbound_id or 0, state="held")


def _alice_quote(alice: User, store: Store, engineer: Engineer) -> Quote:
    ticket = open_request(alice, store, subject="Catalogue migration")
    return ticket_quotes.offer_quote(
        ticket=ticket,
        engineer=engineer,
        description=ALICE_QUOTE,
        amount=Decimal("450.00"),
        reason="Data migration is not included.",
    )


def _bob_side(bob: User) -> dict[str, object]:
    store = store_services.add_store(customer=bob, url=BOB_STORE_URL)
    paid_order(bob, "subscription-1y", store=store)
    billing_services.start_checkout(order=pending_order(bob, "incident-urgent"))
    ticket = open_request(bob, store, subject=BOB_SUBJECT)
    return {"bob_store": store, "bob_ticket": ticket}


@pytest.fixture
def world(alice, bob, engineer_en, media_root) -> World:
    """Alice: a subscribed store, a pending order with its invoice, a request with a public
    message and an internal note, each with a file. Bob: his own store, order and request."""
    return World(
        alice=alice,
        bob=bob,
        engineer=engineer_en,
        **_alice_side(alice, engineer_en),  # type: ignore[arg-type]
        **_bob_side(bob),  # type: ignore[arg-type]
    )


@pytest.fixture
def client_as(world: World) -> Callable[[str], Client]:
    """A test client signed in as the persona; a server error is a 500 answer, not an exception."""

    def make(persona: str) -> Client:
        client = Client(raise_request_exception=False)
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def row_counts(media_root: Path) -> Callable[[], dict[str, int]]:
    """Counts of every row a form may write (and the stored files), to prove nothing changed."""

    def count() -> dict[str, int]:
        return {
            "tickets": Ticket.objects.count(),
            "messages": Message.objects.count(),
            "attachments": Attachment.objects.count(),
            "events": TicketEvent.objects.count(),
            "server_access": ServerAccess.objects.count(),
            "server_access_views": ServerAccessView.objects.count(),
            "stores": Store.objects.count(),
            "orders": Order.objects.count(),
            "quotes": Quote.objects.count(),
            "invoices": Invoice.objects.count(),
            "subscriptions": Subscription.objects.count(),
            "credit_entries": CreditEntry.objects.count(),
            "usage": UsageRecord.objects.count(),
            "users": User.objects.count(),
            "files": sum(1 for path in media_root.rglob("*") if path.is_file()),
        }

    return count


@pytest.fixture
def state(row_counts: Callable[[], dict[str, int]]) -> Callable[[], dict[str, object]]:
    """The row counts plus the fields an action may change in place (status, assignee, link,
    preferences, password, credits), to prove a refused action changed nothing at all."""

    def snapshot() -> dict[str, object]:
        return {
            **row_counts(),
            "tickets_fields": list(
                Ticket.objects.order_by("pk").values_list(
                    "status", "assignee_id", "bug_url", "out_of_scope", "subject"
                )
            ),
            "orders_fields": list(Order.objects.order_by("pk").values_list("status", "quantity")),
            "quotes_fields": list(Quote.objects.order_by("pk").values_list("status", "amount")),
            "users_fields": list(
                User.objects.order_by("pk").values_list(
                    "email", "full_name", "language", "time_zone", "password", "is_active"
                )
            ),
            "credits": list(
                CreditBalance.objects.order_by("pk").values_list("priority", "remaining")
            ),
        }

    return snapshot
