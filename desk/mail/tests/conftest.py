"""Shared data of inbound-mail tests, built through services like real data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desk.mail.models import InboundMessage, UnprocessableMail
from desk.outbox.models import OutboxMail
from desk.outbox.tests.smtp import smtp_inbox  # noqa: F401 - a shared fixture
from desk.tickets.models import Message, Ticket

# The request data of the tickets tests, reused as it is (with a media directory per test).
from desk.tickets.tests.conftest import (  # noqa: F401
    _own_media_root,
    alice_normal_credit,
    alice_store,
    alice_subscription,
    alice_ticket,
)


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
