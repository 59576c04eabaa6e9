"""Fixtures of the reliability families: the request data of the tickets tests, reused."""

from desk.tickets.tests.conftest import (  # noqa: F401
    _own_media_root,
    alice_normal_credit,
    alice_store,
    alice_subscription,
    alice_ticket,
)
