"""Shared data of inbound-mail tests, built through services like real data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desk.core import clock as core_clock
from desk.entitlements.models import Subscription
from desk.mail.models import InboundMessage, UnprocessableMail
from desk.outbox.models import OutboxMail
from desk.outbox.tests.builders import MovableClock
from desk.outbox.tests.smtp import smtp_inbox  # noqa: F401 - a shared fixture
from desk.stores import services as store_services
from desk.stores.models import Store
from desk.tickets.models import Message, Ticket
from desk.tickets.tests.builders import open_request, pay_order


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def clock(monkeypatch) -> MovableClock:
    movable = MovableClock(core_clock.now())
    monkeypatch.setattr(core_clock, "now", movable)
    return movable


@pytest.fixture
def alice_store(alice) -> Store:
    return store_services.add_store(customer=alice, url="https://www.alice-shop.example/")


@pytest.fixture
def alice_subscription(alice, alice_store) -> Subscription:
    pay_order(alice, "subscription-1m", store=alice_store)
    return Subscription.objects.get(store=alice_store)


@pytest.fixture
def alice_ticket(alice, alice_store, alice_subscription) -> Ticket:
    return open_request(alice, alice_store)


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    """Everything an inbound message may write (outbox mail counted from this fixture on, so the
    purchase mails of the fixtures that came before do not count)."""
    outbox_before = OutboxMail.objects.count()

    def count() -> dict[str, int]:
        return {
            "inbound": InboundMessage.objects.count(),
            "spool": UnprocessableMail.objects.count(),
            "tickets": Ticket.objects.count(),
            "messages": Message.objects.count(),
            "outbox": OutboxMail.objects.count() - outbox_before,
        }

    return count
