"""Satisfaction test data: Alice's request, resolved by an engineer, and its survey."""

from __future__ import annotations

import pytest

from desk.satisfaction import services
from desk.satisfaction.models import Survey
from desk.tickets import services as ticket_services
from desk.tickets.models import Ticket
from desk.tickets.tests.builders import open_request
from desk.tickets.tests.conftest import (  # noqa: F401  # reused as they are
    _own_media_root,
    alice_store,
    alice_subscription,
    bob_store,
    bob_subscription,
)


def resolve(ticket: Ticket, engineer) -> Ticket:
    ticket_services.assign(ticket=ticket, actor=engineer.user, engineer=engineer)
    return ticket_services.change_status(ticket=ticket, actor=engineer.user, status="resolved")


@pytest.fixture
def resolved(alice, alice_store, alice_subscription, engineer_en) -> Ticket:  # noqa: F811
    """Alice's request on her subscription, answered by the English engineer and resolved."""
    return resolve(open_request(alice, alice_store), engineer_en)


@pytest.fixture
def survey(resolved) -> Survey:
    asked = services.offer_survey(ticket=resolved)
    assert asked is not None
    return asked
