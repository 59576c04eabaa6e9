"""The request data of the tickets tests, reused as it is (modules with their own `store`
fixtures keep theirs)."""

from __future__ import annotations

from desk.tickets.tests.conftest import (  # noqa: F401
    alice_store,
    alice_subscription,
    alice_ticket,
    bob_store,
    bob_subscription,
)
