"""Request data of the tickets tests, reused as it is."""

from __future__ import annotations

from desk.tickets.tests.conftest import (  # noqa: F401
    _own_media_root,
    alice_store,
    alice_subscription,
    alice_ticket,
    bob_store,
    bob_subscription,
)
