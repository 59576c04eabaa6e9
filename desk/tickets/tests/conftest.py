"""Shared data for request tests, built through services like real data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desk.accounts import services as account_services
from desk.accounts.models import Engineer
from desk.entitlements.models import CreditBalance, CreditEntry, Subscription, UsageRecord
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets.models import (
    Attachment,
    Message,
    ServerAccess,
    ServerAccessView,
    Ticket,
    TicketEvent,
)
from desk.tickets.tests.builders import open_request, pay_order


@pytest.fixture(autouse=True)
def _own_media_root(media_root: Path) -> Path:
    return media_root


@pytest.fixture
def alice_store(alice) -> Store:
    return store_services.add_store(customer=alice, url="https://www.alice-shop.example/")


@pytest.fixture
def alice_second_store(alice) -> Store:
    return store_services.add_store(customer=alice, url="alice-outlet.example")


@pytest.fixture
def bob_store(bob) -> Store:
    return store_services.add_store(customer=bob, url="bob-shop.example")


@pytest.fixture
def alice_subscription(alice, alice_store) -> Subscription:
    pay_order(alice, "subscription-1m", store=alice_store)
    return Subscription.objects.get(store=alice_store)


@pytest.fixture
def bob_subscription(bob, bob_store) -> Subscription:
    pay_order(bob, "subscription-1y", store=bob_store)
    return Subscription.objects.get(store=bob_store)


@pytest.fixture
def alice_normal_credit(alice) -> None:
    pay_order(alice, "incident-normal")


@pytest.fixture
def alice_urgent_credit(alice) -> None:
    pay_order(alice, "incident-urgent")


@pytest.fixture
def alice_credits(alice_normal_credit, alice_urgent_credit) -> dict[str, int]:
    """One Normal and one Urgent incident credit."""
    return {"normal": 1, "urgent": 1}


@pytest.fixture
def engineer_inactive(db) -> Engineer:
    engineer = account_services.create_engineer(
        email="ivan@supportdesk.example",
        password=None,
        full_name="Ivan Inactive",
        department_codes=["technical-support"],
    )
    engineer.is_active = False
    engineer.save(update_fields=["is_active"])
    return engineer


@pytest.fixture
def alice_ticket(alice, alice_store, alice_subscription) -> Ticket:
    """A new request of Alice on her subscription."""
    return open_request(alice, alice_store)


@pytest.fixture
def alice_incident(alice, alice_store, alice_normal_credit) -> Ticket:
    """A new request of Alice paid with a Normal incident credit."""
    return open_request(alice, alice_store)


@pytest.fixture
def row_counts(media_root) -> Callable[[], dict[str, int]]:
    """Counts of everything a request action may write, to prove a refusal wrote nothing."""

    def count() -> dict[str, int]:
        return {
            "tickets": Ticket.objects.count(),
            "messages": Message.objects.count(),
            "attachments": Attachment.objects.count(),
            "events": TicketEvent.objects.count(),
            "server_access": ServerAccess.objects.count(),
            "server_access_views": ServerAccessView.objects.count(),
            "credit_entries": CreditEntry.objects.count(),
            "credits_remaining": sum(CreditBalance.objects.values_list("remaining", flat=True), 0),
            "usage": UsageRecord.objects.count(),
            "files": sum(1 for path in media_root.rglob("*") if path.is_file()),
        }

    return count
