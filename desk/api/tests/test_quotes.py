"""Quotes through the API: engineers offer and withdraw; the customer lists, accepts (an order
with its invoice) or declines; someone else's quote is `quote_not_found`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desk.billing.models import Order, Quote, QuoteStatus
from desk.tickets import quotes, services

DESCRIPTION = "Custom SEO for 300 product pages"


@pytest.fixture
def quote(alice_ticket, engineer_en) -> Quote:
    services.rule_out_of_scope(ticket=alice_ticket, engineer=engineer_en, reason="Custom SEO")
    return quotes.offer_quote(
        ticket=alice_ticket, engineer=engineer_en, description=DESCRIPTION, amount=Decimal("75.5")
    )


def test_engineer_offers_a_quote(as_engineer, alice_ticket):
    # when
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/quotes",
        {"description": DESCRIPTION, "amount": "75.50", "reason": "Custom SEO"},
    )
    # then
    quote = Quote.objects.get()
    assert status == 201
    assert body == {
        "id": quote.pk,
        "number": quote.number,
        "ticket_id": alice_ticket.pk,
        "description": DESCRIPTION,
        "amount": "75.50",
        "currency": "USD",
        "status": "offered",
        "order_id": None,
        "created_at": body["created_at"],
        "decided_at": None,
    }


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "invalid_quote_amount"),
        (100000.01, "invalid_quote_amount"),
        ("1.001", "invalid_quote_amount"),
    ],
)
def test_bad_amounts_are_refused_with_a_code(as_engineer, alice_ticket, amount, code):
    status, body = as_engineer.post_json(
        f"/api/console/tickets/{alice_ticket.pk}/quotes",
        {"description": DESCRIPTION, "amount": amount, "reason": "Custom SEO"},
    )

    assert (status, body["code"]) == (400, code)
    assert not Quote.objects.exists()


def test_customer_lists_and_accepts_their_quote(as_alice, alice, quote):
    # given
    status, listed = as_alice.get_json(f"/api/tickets/{quote.ticket_id}/quotes")
    assert (status, [q["id"] for q in listed]) == (200, [quote.pk])
    # when
    status, body = as_alice.post_json(f"/api/quotes/{quote.pk}/accept", {"provider": "offline"})
    # then
    order = Order.objects.get(quote=quote)
    assert status == 201
    assert body["redirect_url"] == f"/orders/{order.pk}/"
    assert (body["order"]["id"], body["order"]["amount"], body["order"]["quote_id"]) == (
        order.pk,
        "75.50",
        quote.pk,
    )
    assert body["order"]["plan_code"] is None
    assert body["order"]["payment_reference"] == order.invoice.number


def test_customer_declines_their_quote(as_alice, quote):
    status, body = as_alice.post_json(f"/api/quotes/{quote.pk}/decline")

    assert (status, body["status"]) == (200, "declined")
    status, body = as_alice.post_json(f"/api/quotes/{quote.pk}/accept", {"provider": "offline"})
    assert (status, body["code"]) == (409, "quote_not_open")


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_bob_cannot_reach_alices_quote(as_bob, quote, action):
    status, body = as_bob.post_json(f"/api/quotes/{quote.pk}/{action}", {"provider": "offline"})

    assert (status, body["code"]) == (404, "quote_not_found")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.OFFERED


def test_bob_cannot_list_alices_quotes(as_bob, quote):
    status, body = as_bob.get_json(f"/api/tickets/{quote.ticket_id}/quotes")

    assert (status, body["code"]) == (404, "ticket_not_found")


def test_engineer_lists_and_withdraws(as_engineer, quote):
    status, listed = as_engineer.get_json(f"/api/console/tickets/{quote.ticket_id}/quotes")
    assert (status, [q["status"] for q in listed]) == (200, ["offered"])

    status, body = as_engineer.post_json(f"/api/console/quotes/{quote.pk}/withdraw")

    assert (status, body["status"]) == (200, "withdrawn")
