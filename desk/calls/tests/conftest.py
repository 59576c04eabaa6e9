"""Live-call test data: a Hotrush request on a subscription, a Monday morning in Moscow."""

from __future__ import annotations

from datetime import datetime

import pytest

from desk.calls import services
from desk.calls.models import Call
from desk.tickets.models import Ticket, TicketEvent
from desk.tickets.tests.builders import next_moscow, open_request
from desk.tickets.tests.conftest import (  # noqa: F401  # reused as they are
    _own_media_root,
    alice_normal_credit,
    alice_store,
    alice_subscription,
    alice_urgent_credit,
    bob_store,
    bob_subscription,
)


@pytest.fixture
def monday(clock) -> datetime:
    """The clock at Monday 08:00 Moscow (call hours open at 09:00), returned as UTC."""
    clock.current = start = next_moscow(0, 8)
    return start


@pytest.fixture
def hotrush(alice, alice_store, alice_subscription, engineer_en, monday) -> Ticket:  # noqa: F811
    """Alice's Hotrush request (English) on her subscription, an English engineer on the
    support hours."""
    return open_request(alice, alice_store, is_hotrush=True)


def ask(ticket: Ticket, *windows: datetime, minutes: int = 30, **overrides: object) -> Call:
    fields: dict[str, object] = {
        "handle_kind": "skype",
        "handle": "alice.archer",
        "duration_minutes": minutes,
        "windows": list(windows),
    }
    fields.update(overrides)
    return services.request_call(ticket=ticket, customer=ticket.customer, **fields)  # type: ignore[arg-type]


@pytest.fixture
def counts():
    def count() -> dict[str, int]:
        return {"calls": Call.objects.count(), "events": TicketEvent.objects.count()}

    return count
