"""A receipt when a request is opened in the portal (issue 12), in the customer's language,
the guarantee in their time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desk.core.errors import DeskError
from desk.outbox.models import OutboxMail
from desk.stores import services as store_services
from desk.tickets.tests.builders import open_request, pay_order


@pytest.fixture
def bob_store(bob):
    store = store_services.add_store(customer=bob, url="bob-shop.example")
    pay_order(bob, "subscription-1m", store=store)
    return store


def test_opening_a_request_mails_a_receipt_with_the_guarantee(bob, bob_store, monkeypatch):
    # given Monday 10:00 Moscow (07:00 UTC): a common inquiry is due Tuesday 10:00 Moscow
    monkeypatch.setattr("desk.core.clock.now", lambda: datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    # when
    ticket = open_request(bob, bob_store, subject="Купон не работает")
    # then one receipt, in Russian, due in Bob's Yekaterinburg time (Moscow + 2)
    mail = OutboxMail.objects.get(template="ticket_opened")
    assert (mail.recipient_email, mail.language) == ("bob@example.com", "ru")
    assert mail.event_key == f"ticket-opened:{ticket.pk}"
    assert mail.context["reference"] == ticket.reference
    assert ticket.reply_due_at is not None
    assert mail.context["guarantee"] == "8 дек. 2026, 12:00 (Екатеринбург)"


def test_a_request_that_came_by_mail_gets_no_receipt(bob, bob_store):
    open_request(bob, bob_store, subject="By mail", via_email=True)
    assert not OutboxMail.objects.filter(template="ticket_opened").exists()


def test_a_refused_request_mails_nothing(bob):
    # given a store with no subscription and no credit
    store = store_services.add_store(customer=bob, url="bare.example")
    # when
    with pytest.raises(DeskError) as refused:
        open_request(bob, store, subject="Nothing covers it")
    # then
    assert refused.value.code == "no_entitlement"
    assert not OutboxMail.objects.filter(template="ticket_opened").exists()
